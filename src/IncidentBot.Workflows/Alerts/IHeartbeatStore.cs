namespace IncidentBot.Workflows.Alerts;

/// <summary>Heartbeats, kept in the store so a silence is noticed across restarts, and acted on once.</summary>
public interface IHeartbeatStore
{
    /// <summary>Records that <paramref name="name"/> beat at <paramref name="at"/> and that it is not silent; returns what was known before (null for a first beat).</summary>
    Task<Heartbeat?> BeatAsync(string name, DateTimeOffset at, CancellationToken cancellationToken);

    Task<IReadOnlyList<Heartbeat>> HeartbeatsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Marks <paramref name="name"/> silent since <paramref name="since"/> if it is not already and has not
    /// beaten since <paramref name="lastSeen"/>; false when someone else did, or a beat came meanwhile.
    /// </summary>
    Task<bool> MarkSilentAsync(string name, DateTimeOffset lastSeen, DateTimeOffset since, CancellationToken cancellationToken);
}
