namespace IncidentBot.Workflows.Incidents;

/// <summary>
/// A store several replicas share, where a busy incident's commands are decided under its lock
/// instead of optimistically: deciding on a cached state and being refused whenever another replica
/// appended first starves the slower replica, since the faster one has always moved on by the time
/// the loser has caught up.
/// </summary>
public interface ILockedAppendStore
{
    /// <summary>
    /// In one transaction: locks the incident, reads its events after <paramref name="after"/> and the
    /// replies already recorded for any of <paramref name="deliveryKeys"/>, hands both to
    /// <paramref name="decide"/> (called once, synchronously, while the lock is held), writes the
    /// appends it returns (each following the one before; the first following the last event read)
    /// and commits. When the task completes successfully the appends are committed; when it fails
    /// nothing of them is.
    /// </summary>
    Task CommitLockedAsync(IncidentId incident, long after, IReadOnlyCollection<string> deliveryKeys, Func<LockedRead, IReadOnlyList<Append>> decide, CancellationToken cancellationToken);
}

/// <summary>What a locked commit read: the events other replicas appended since, and the delivery keys already answered with their replies.</summary>
public sealed record LockedRead(IReadOnlyList<RecordedEvent> Newer, IReadOnlyDictionary<string, string> Answered);
