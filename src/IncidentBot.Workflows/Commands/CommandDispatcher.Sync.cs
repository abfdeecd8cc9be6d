using IncidentBot.Workflows.Incidents;

namespace IncidentBot.Workflows.Commands;

/// <summary>
/// Keeping a cached incident in step with the store. With replicas, other processes append too: a read
/// catches up with what they wrote. On a store with locked commits every commit here already read what
/// others wrote, so a read asks the store again only when another replica said it changed the incident
/// (<see cref="ChangedElsewhere"/>), when notices may have been missed, or when the last look is more
/// than <see cref="TrustedFor"/> old (a replica that died between its commit and its notice).
/// </summary>
public sealed partial class CommandDispatcher
{
    public static readonly TimeSpan TrustedFor = TimeSpan.FromSeconds(1);

    /// <summary>Another replica committed events of <paramref name="id"/>: the next read here asks the store.</summary>
    public void ChangedElsewhere(IncidentId id) => _cache.Behind(id);

    /// <summary>Notices from other replicas may have been missed: every cached incident is read again when next needed.</summary>
    public void MissedElsewhere() => _cache.AllBehind();

    private async Task<Incident?> CurrentAsync(IncidentCache.Entry entry, IncidentId id, CancellationToken cancellationToken)
    {
        if (entry.State is null || entry.Stale)
        {
            entry.Behind = false;
            var events = await store.ReadAsync(id, 0, cancellationToken);
            entry.State = events.Count == 0 ? null : Incident.Replay(id, events);
            entry.Stale = false; // only once read: a failed read leaves the state marked
            entry.SyncedAt = clock.GetTimestamp();
        }
        else if (Volatile.Read(ref entry.Pending) == 0 && !InStep(entry))
        {
            // Nothing of ours in flight: catch up with what other replicas wrote. Cleared first, so a
            // notice arriving during the read is not lost.
            entry.Behind = false;
            foreach (var e in await store.ReadAsync(id, entry.State.Version, cancellationToken))
            {
                entry.State.Apply(e);
            }

            entry.SyncedAt = clock.GetTimestamp();
        }

        return entry.State;
    }

    /// <summary>Whether the cached state is known to match the store without asking it (locked commits only).</summary>
    private bool InStep(IncidentCache.Entry entry) =>
        store is ILockedAppendStore && !entry.Behind && clock.GetElapsedTime(entry.SyncedAt) < TrustedFor;
}
