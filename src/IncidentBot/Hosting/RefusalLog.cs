using System.Collections.Concurrent;

namespace IncidentBot.Hosting;

/// <summary>
/// Requests the bot refused, counted by endpoint and reason for <c>/metrics</c>, and logged so that an
/// operator sees a sender talking to a wall: the first of a kind at once, then at most once a minute
/// with how many came since (a sender retrying with a wrong token must not flood the log).
/// </summary>
/// <param name="what">What was refused and where, for the log: <c>alert deliveries to /alerts/{0}</c>, the endpoint in place of <c>{0}</c>.</param>
/// <param name="metric">The counter's name in /metrics, labelled by endpoint and reason.</param>
public abstract class RefusalLog(TimeProvider clock, ILogger logger, string what, string metric)
{
    public string Metric { get; } = metric;

    /// <summary>The counter's help line: what it counts.</summary>
    public string Help => string.Format(System.Globalization.CultureInfo.InvariantCulture, what, "…") + " refused, by endpoint and reason.";

    private static readonly TimeSpan LogEvery = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<(string Endpoint, string Reason), Kind> _kinds = new();

    /// <param name="endpoint">The endpoint's name: <c>alertmanager</c>, <c>sns</c>, <c>messages</c>.</param>
    /// <param name="reason">A short stable word for /metrics: <c>bad_token</c>, <c>no_token_configured</c>, <c>malformed</c>.</param>
    /// <param name="detail">What the log says, for a person.</param>
    /// <param name="sender">Who sent it (address and User-Agent), so an operator can find the sender with the wrong setting.</param>
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

        logger.LogWarning("Refused {Count} {What} ({Reason}) since the last report, the latest from {Sender}: {Detail}", since, string.Format(System.Globalization.CultureInfo.InvariantCulture, what, endpoint), reason, sender, detail);
    }

    /// <summary>The sender as the log names it: its address, and its User-Agent when it gave one.</summary>
    public static string SenderOf(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var agent = context.Request.Headers.UserAgent.ToString();
        return $"{context.Connection.RemoteIpAddress?.ToString() ?? "an unknown address"}{(agent.Length == 0 ? "" : $" ({Workflows.Chat.TextCut.Cut(agent, 100)})")}";
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
