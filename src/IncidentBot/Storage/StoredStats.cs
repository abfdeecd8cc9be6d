using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Metrics;

namespace IncidentBot.Storage;

/// <summary>
/// The metrics facts each store keeps beside an incident's summary. A row written by an older build
/// (none, or another schema) derives facts differently, so those incidents are folded again from
/// their events. Shared by the SQLite and PostgreSQL stores.
/// </summary>
internal static class StoredStats
{
    /// <summary>The stored facts, or null when they must be rebuilt.</summary>
    public static IncidentStats? Read(string? json) =>
        json is null ? null : System.Text.Json.JsonSerializer.Deserialize<IncidentStats>(json, EventJson.Options) is { } stored && stored.Schema == IncidentStats.CurrentSchema ? stored : null;

    /// <summary>Adds the facts of each of <paramref name="missing"/>, folded from its events.</summary>
    public static async Task AddRebuiltAsync(List<IncidentStats> stats, IEnumerable<long> missing, IIncidentStore store, CancellationToken cancellationToken)
    {
        foreach (var number in missing)
        {
            var id = new IncidentId(number);
            stats.Add(IncidentStats.Of(Incident.Replay(id, await store.ReadAsync(id, 0, cancellationToken))));
        }
    }
}
