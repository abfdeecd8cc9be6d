using IncidentBot.Workflows.Chat;
using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Outbox;

namespace IncidentBot.Workflows.Commands;

/// <summary>A command waiting for its incident's next locked commit, and where its answer goes.</summary>
internal sealed record LockedWork(Func<Incident, Decision> Decide, CommandContext Context, string? DeliveryKey, RoomAddress? AnsweredIn, Func<BotMessage, IEnumerable<OutboxMessage>>? FollowUp)
{
    public TaskCompletionSource<BotMessage> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>
/// Commands on a store replicas share (<see cref="ILockedAppendStore"/>): each incident's commands wait
/// in a queue here, and one drain per incident takes everything waiting into one transaction that
/// locks the incident, reads what other replicas appended, decides every command on that state in
/// order, and writes. Two replicas on one incident take turns at the lock; neither is ever refused.
/// </summary>
public sealed partial class CommandDispatcher
{
    private const int MaxLockedGroup = 256;

    private async Task<BotMessage> QueueLockedAsync(ILockedAppendStore locked, IncidentId id, LockedWork work, CancellationToken cancellationToken)
    {
        var entry = _cache.For(id);
        bool start;
        lock (entry.Waiting)
        {
            entry.Waiting.Enqueue(work);
            start = !entry.Draining;
            entry.Draining = true;
        }

        if (start)
        {
            _ = Task.Run(() => DrainLockedAsync(locked, id, entry), CancellationToken.None);
        }

        // Once queued it commits or fails as a whole with its group; a caller that gives up only stops waiting.
        return await work.Done.Task.WaitAsync(cancellationToken);
    }

    private async Task DrainLockedAsync(ILockedAppendStore locked, IncidentId id, IncidentCache.Entry entry)
    {
        while (true)
        {
            var group = new List<LockedWork>();
            lock (entry.Waiting)
            {
                while (group.Count < MaxLockedGroup && entry.Waiting.TryDequeue(out var work))
                {
                    group.Add(work);
                }

                if (group.Count == 0)
                {
                    entry.Draining = false;
                    if (entry.State is null)
                    {
                        _cache.Forget(id, entry); // an id nobody has: not kept
                    }

                    return;
                }
            }

            await entry.Gate.WaitAsync(CancellationToken.None);
            try
            {
                await CommitGroupAsync(locked, id, entry, group);
            }
            finally
            {
                entry.Gate.Release();
            }
        }
    }

    /// <summary>Commits the group and answers each command; when one command's write breaks the group, each is tried alone.</summary>
    private async Task CommitGroupAsync(ILockedAppendStore locked, IncidentId id, IncidentCache.Entry entry, List<LockedWork> group)
    {
        try
        {
            var replies = await TryCommitAsync(locked, id, entry, group);
            for (var i = 0; i < group.Count; i++)
            {
                group[i].Done.TrySetResult(replies[i]);
            }
        }
        catch (Exception ex) when (group.Count > 1 && ex is not StoreUnavailableException)
        {
            // A room another open incident holds, a delivery another incident answered, a decider that
            // threw: only that command fails.
            foreach (var work in group)
            {
                await CommitGroupAsync(locked, id, entry, [work]);
            }
        }
#pragma warning disable CA1031 // whatever failed is its caller's to see; the drain goes on with the next group
        catch (Exception ex)
#pragma warning restore CA1031
        {
            foreach (var work in group)
            {
                work.Done.TrySetException(ex);
            }
        }
    }

    private async Task<List<BotMessage>> TryCommitAsync(ILockedAppendStore locked, IncidentId id, IncidentCache.Entry entry, List<LockedWork> group)
    {
        if (entry.State is null || entry.Stale)
        {
            entry.Stale = false;
            var events = await store.ReadAsync(id, 0, CancellationToken.None);
            entry.State = events.Count == 0 ? null : Incident.Replay(id, events);
        }

        // The locked read below catches up with everything committed before it: a notice arriving from now on is about later.
        entry.Behind = false;
        if (entry.State is not { } state)
        {
            JoinWaiting(entry, group);
            return [.. group.Select(_ => Refusal.NoSuchIncident(id).Reply(null))];
        }

        var replies = new List<BotMessage>(group.Count);
        var recorded = false;
        var keys = group.Select(w => w.DeliveryKey).OfType<string>().ToArray();
        try
        {
            await locked.CommitLockedAsync(id, state.Version, keys, read =>
            {
                foreach (var e in read.Newer)
                {
                    state.Apply(e);
                }

                // Commands that came while the lock was awaited join this group, but only those without a
                // delivery key: whether a key was already answered was read with the lock.
                JoinWaiting(entry, group);
                var appends = new List<Append>();
                for (var i = 0; i < group.Count; i++)
                {
                    var work = group[i];
                    if (work.DeliveryKey is { } key && read.Answered.TryGetValue(key, out var earlier))
                    {
                        replies.Add(ReplyJson.Read(earlier) with { Replayed = true });
                        continue;
                    }

                    var (reply, append) = Prepare(id, state, work.Decide, work.Context, work.DeliveryKey, work.AnsweredIn, work.FollowUp);
                    replies.Add(append is null ? reply : reply with { Recorded = true });
                    if (append is not null)
                    {
                        appends.Add(append);
                    }
                }

                recorded = appends.Count > 0;
                return appends;
            }, CancellationToken.None);
            entry.SyncedAt = clock.GetTimestamp();
        }
        catch
        {
            entry.Stale = true; // the state holds events that did not commit: folded again next time
            throw;
        }

        if (recorded)
        {
            Notify(id);
        }

        return replies;
    }

    /// <summary>Moves the waiting commands that carry no delivery key into <paramref name="group"/>, in order, up to the group's limit.</summary>
    private static void JoinWaiting(IncidentCache.Entry entry, List<LockedWork> group)
    {
        lock (entry.Waiting)
        {
            while (group.Count < MaxLockedGroup && entry.Waiting.TryPeek(out var next) && next.DeliveryKey is null)
            {
                group.Add(entry.Waiting.Dequeue());
            }
        }
    }
}
