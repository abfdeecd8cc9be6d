using System.Collections.Concurrent;
using IncidentBot.Workflows.Incidents;

namespace IncidentBot.Workflows.Commands;

/// <summary>How many incidents a dispatcher keeps folded in memory, and for how long one may sit unused.</summary>
public sealed record IncidentCacheLimits(int MaxIncidents = 5000, int MaxIdleMinutes = 120);

/// <summary>
/// The incidents a dispatcher keeps folded in memory, so a command does not replay every event.
/// Bounded: an incident unused for longer than the idle limit, and the least recently used past the
/// count limit, are dropped (never one a command is using), and folded again from the store when next
/// needed. Dropping is always safe: the store's expected-version check (or, on a shared store, the
/// locked commit's read of the log) catches any race.
/// </summary>
internal sealed class IncidentCache(TimeProvider clock, IncidentCacheLimits limits)
{
    private readonly ConcurrentDictionary<IncidentId, Entry> _entries = new();
    private int _sweeping;
    private long _nextSweep;

    public int Count => _entries.Count;

    public Entry For(IncidentId id)
    {
        var now = clock.GetUtcNow().UtcTicks;
        var entry = _entries.GetOrAdd(id, _ => new Entry());
        Volatile.Write(ref entry.LastUsed, now);
        if (_entries.Count > limits.MaxIncidents || now >= Volatile.Read(ref _nextSweep))
        {
            Sweep(now, entry);
        }

        return entry;
    }

    /// <summary>Marks a cached incident as changed elsewhere (nothing to do when it is not cached).</summary>
    public void Behind(IncidentId id)
    {
        if (_entries.TryGetValue(id, out var entry))
        {
            entry.Behind = true;
        }
    }

    /// <summary>Marks every cached incident as possibly changed elsewhere.</summary>
    public void AllBehind()
    {
        foreach (var entry in _entries.Values)
        {
            entry.Behind = true;
        }
    }

    /// <summary>Whether <paramref name="entry"/> is still the cache's entry for <paramref name="id"/> (not swept or forgotten).</summary>
    public bool Holds(IncidentId id, Entry entry) => _entries.TryGetValue(id, out var held) && ReferenceEquals(held, entry);

    /// <summary>Drops the entry for an id that turned out not to exist, so mistyped ids are not kept.</summary>
    public void Forget(IncidentId id, Entry entry) => _entries.TryRemove(KeyValuePair.Create(id, entry));

    private void Sweep(long now, Entry keep)
    {
        if (Interlocked.Exchange(ref _sweeping, 1) == 1)
        {
            return; // another caller is sweeping
        }

        try
        {
            Volatile.Write(ref _nextSweep, now + TimeSpan.TicksPerMinute);
            var idleSince = now - (limits.MaxIdleMinutes * TimeSpan.TicksPerMinute);
            var idle = _entries.Where(e => e.Value != keep && e.Value.Idle).OrderBy(e => Volatile.Read(ref e.Value.LastUsed)).ToList();
            var over = _entries.Count - limits.MaxIncidents;
            foreach (var (id, entry) in idle)
            {
                if (over <= 0 && Volatile.Read(ref entry.LastUsed) > idleSince)
                {
                    break;
                }

                // Checked again under the queue's lock: a command being queued on it right now keeps it.
                lock (entry.Waiting)
                {
                    if (entry.Idle && _entries.TryRemove(KeyValuePair.Create(id, entry)))
                    {
                        over--;
                    }
                }
            }
        }
        finally
        {
            Volatile.Write(ref _sweeping, 0);
        }
    }

    // A SemaphoreSlim needs disposing only when its wait handle was used, which this one never is.
#pragma warning disable CA1001
    internal sealed class Entry
#pragma warning restore CA1001
    {
        public readonly SemaphoreSlim Gate = new(1, 1);
        public Incident? State;
        public int Pending;
        public volatile bool Stale;
        public long LastUsed;

        /// <summary>Commands waiting for the next locked commit (<see cref="CommandDispatcher"/> on a shared store), and whether a drain is taking them.</summary>
        public readonly Queue<LockedWork> Waiting = new();
        public volatile bool Draining;

        /// <summary>Another replica said it changed the incident since <see cref="SyncedAt"/> (a <see cref="TimeProvider"/> timestamp): when the state last matched the store.</summary>
        public volatile bool Behind;
        public long SyncedAt;

        /// <summary>Nobody holds it or has a write in flight on it.</summary>
        public bool Idle => Gate.CurrentCount == 1 && Volatile.Read(ref Pending) == 0 && !Draining;
    }
}
