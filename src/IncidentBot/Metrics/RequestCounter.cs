using System.Collections.Concurrent;

namespace IncidentBot.Metrics;

/// <summary>Counts inbound requests by route pattern and status code, for <c>/metrics</c>.</summary>
public sealed class RequestCounter
{
    private readonly ConcurrentDictionary<(string Endpoint, int Status), Counter> _counts = new();

    public IEnumerable<(string Endpoint, int Status, long Count)> Snapshot() =>
        _counts.Select(pair => (pair.Key.Endpoint, pair.Key.Status, Interlocked.Read(ref pair.Value.Value)))
            .OrderBy(c => c.Endpoint, StringComparer.Ordinal).ThenBy(c => c.Status);

    public void Count(string endpoint, int status) => Interlocked.Increment(ref _counts.GetOrAdd((endpoint, status), _ => new Counter()).Value);

    private sealed class Counter
    {
        public long Value;
    }
}
