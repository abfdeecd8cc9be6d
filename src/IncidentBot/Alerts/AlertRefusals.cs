using System.Collections.Concurrent;

namespace IncidentBot.Alerts;

/// <summary>
/// Every alert delivery the bot refused, counted by endpoint and reason for <c>/metrics</c>, and logged
/// so that an operator sees a monitor talking to a wall: the first of a kind at once, then at most
/// once a minute with how many came since (a sender retrying with a wrong token must not flood the log).
/// </summary>
public sealed class AlertRefusals(TimeProvider clock, ILogger<AlertRefusals> logger)
{
    private static readonly TimeSpan LogEvery = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<(string Endpoint, string Reason), Kind> _kinds = new();

    /// <param name="endpoint">The endpoint's last segment: <c>alertmanager</c>, <c>sns</c>, <c>heartbeat</c>.</param>
    /// <param name="reason">A short stable word for /metrics: <c>bad_token</c>, <c>no_token_configured</c>, <c>malformed</c>.</param>
    /// <param name="detail">What the log says, for a person.</param>
    /// <param name="sender">Who sent it (address and User-Agent), so an operator can find the monitor with the wrong setting.</param>
    public void Refused(string endpoint, string reason, string detail, string sender)
    {
        var kind = _kinds.GetOrAdd((endpoint, reason), _ => new Kind());
        Interlocked.Increment(ref kind.Total);
        var now = clock.GetUtcNow();
        long since;
        lock (kind)
        {
            kind.SinceLogged++;
            if (kind.LoggedAt is { } last && now - last < LogEvery)
            {
                return;
            }

            (since, kind.SinceLogged, kind.LoggedAt) = (kind.SinceLogged, 0, now);
        }

        logger.LogWarning("Refused {Count} alert deliveries to /alerts/{Endpoint} ({Reason}) since the last report, the latest from {Sender}: {Detail}", since, endpoint, reason, sender, detail);
    }

    public IEnumerable<(string Endpoint, string Reason, long Count)> Snapshot() =>
        _kinds.Select(k => (k.Key.Endpoint, k.Key.Reason, Interlocked.Read(ref k.Value.Total)))
            .OrderBy(k => k.Endpoint, StringComparer.Ordinal).ThenBy(k => k.Reason, StringComparer.Ordinal);

    private sealed class Kind
    {
        public long Total;
        public long SinceLogged;
        public DateTimeOffset? LoggedAt;
    }
}
