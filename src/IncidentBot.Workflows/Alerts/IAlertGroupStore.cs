using IncidentBot.Workflows.Incidents;

namespace IncidentBot.Workflows.Alerts;

/// <summary>
/// Alert groups kept with the incidents, so every replica sharing the store routes a group's alerts
/// to the same incident: which incident a group last opened or joined, and when it was last heard of.
/// One row per group is the unique constraint that keeps one current incident per group; opening one
/// is done holding the group's lock, which excludes every replica sharing the store.
/// </summary>
public interface IAlertGroupStore
{
    /// <summary>The group's incident and when it was last heard of; null for a group never recorded.</summary>
    Task<AlertGroupState?> FindGroupAsync(string key, CancellationToken cancellationToken);

    /// <summary>
    /// Records that <paramref name="key"/> was heard of for <paramref name="incident"/> at
    /// <paramref name="at"/>: a newer incident replaces the group's, the same one keeps the later
    /// time, an older one (a stale replica's) changes nothing.
    /// </summary>
    Task SaveGroupAsync(string key, IncidentId incident, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Holds the group while its incident is opened: one holder at a time; disposing lets the next in.</summary>
    Task<IAsyncDisposable> LockGroupAsync(string key, CancellationToken cancellationToken);
}

/// <summary>A group's current incident, and when the group was last heard of.</summary>
public sealed record AlertGroupState(IncidentId Incident, DateTimeOffset LastSeen);
