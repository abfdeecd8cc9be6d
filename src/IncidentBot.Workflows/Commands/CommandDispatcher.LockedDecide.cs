using IncidentBot.Workflows.Chat;
using IncidentBot.Workflows.Incidents;

namespace IncidentBot.Workflows.Commands;

/// <summary>One locked commit of a group: the incident caught up with the database, every command decided on it in order.</summary>
public sealed partial class CommandDispatcher
{
    /// <summary>
    /// Decides and commits <paramref name="group"/>; the replies, in order (null for a command that already failed). A command whose decider
    /// throws gets that exception and the others go on. With <paramref name="joining"/>, commands that
    /// came while the lock was awaited join the group (only those without a delivery key: whether a key
    /// was already answered is read with the lock).
    /// </summary>
    private async Task<List<BotMessage?>> TryCommitAsync(ILockedAppendStore locked, IncidentId id, IncidentCache.Entry entry, List<LockedWork> group, bool joining, CancellationToken cancellationToken)
    {
        if (entry.State is null || entry.Stale)
        {
            var events = await store.ReadAsync(id, 0, cancellationToken);
            entry.State = events.Count == 0 ? null : Incident.Replay(id, events);
            entry.Stale = false; // only once read: a failed read leaves the state marked
        }

        // The locked read below catches up with everything committed before it: a notice arriving from now on is about later.
        entry.Behind = false;
        if (entry.State is not { } state)
        {
            Join(entry, group, joining);
            return [.. group.Select(_ => Refusal.NoSuchIncident(id).Reply(null))];
        }

        var replies = new List<BotMessage?>(group.Count);
        var keys = group.Select(w => w.DeliveryKey).OfType<string>().ToArray();
        try
        {
            await locked.CommitLockedAsync(id, state.Version, keys, read =>
            {
                foreach (var e in read.Newer)
                {
                    state.Apply(e);
                }

                Join(entry, group, joining);
                return DecideAll(id, state, group, read.Answered, replies);
            }, cancellationToken);
            entry.SyncedAt = clock.GetTimestamp();
        }
        catch
        {
            replies.Clear();
            entry.Stale = true; // the state may hold events that did not commit: folded again next time
            throw;
        }

        return replies;
    }

    /// <summary>Decides each command in order on <paramref name="state"/> (folding in what each records); the appends to write.</summary>
    private List<Append> DecideAll(IncidentId id, Incident state, List<LockedWork> group, IReadOnlyDictionary<string, string> answered, List<BotMessage?> replies)
    {
        var appends = new List<Append>();
        var decidedHere = new Dictionary<string, BotMessage>(StringComparer.Ordinal);
        foreach (var work in group)
        {
            if (work.Done.Task.IsCompleted)
            {
                replies.Add(null); // failed in an earlier try of this group: never decided again
                continue;
            }

            if (work.DeliveryKey is { } key && (answered.TryGetValue(key, out var earlier) ? ReplyJson.Read(earlier) : decidedHere.GetValueOrDefault(key)) is { } first)
            {
                replies.Add(first with { Replayed = true, Recorded = false }); // a platform's retry, answered before or earlier in this group
                continue;
            }

            var version = state.Version;
            BotMessage reply;
            Append? append;
            try
            {
                (reply, append) = Prepare(id, state, work.Decide, work.Context, work.DeliveryKey, work.AnsweredIn, work.FollowUp);
            }
            catch (Exception ex) when (state.Version == version)
            {
                // Nothing of it folded in: only this command fails.
                work.Done.TrySetException(ex);
                replies.Add(null); // its task already holds the exception
                continue;
            }

            replies.Add(append is null ? reply : reply with { Recorded = true });
            if (append is not null)
            {
                appends.Add(append);
                if (work.DeliveryKey is { } answeredKey)
                {
                    decidedHere[answeredKey] = reply;
                }
            }
        }

        return appends;
    }

    /// <summary>Moves the waiting commands that carry no delivery key into <paramref name="group"/>, in order, up to the group's limit.</summary>
    private static void Join(IncidentCache.Entry entry, List<LockedWork> group, bool joining)
    {
        if (!joining)
        {
            return;
        }

        lock (entry.Waiting)
        {
            while (group.Count < MaxLockedGroup && entry.Waiting.TryPeek(out var next) && next.DeliveryKey is null)
            {
                group.Add(entry.Waiting.Dequeue());
            }
        }
    }
}
