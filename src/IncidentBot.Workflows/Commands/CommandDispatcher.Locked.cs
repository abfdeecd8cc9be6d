using IncidentBot.Workflows.Chat;
using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Language;

namespace IncidentBot.Workflows.Commands;

/// <summary>
/// Commands on a store replicas share (<see cref="ILockedAppendStore"/>): each incident's commands wait
/// in a queue here, and one drain per incident takes everything waiting into one transaction that
/// locks the incident, reads what other replicas appended, decides every command on that state in
/// order, and writes. Two replicas on one incident take turns at the lock; neither is ever refused
/// for being late.
/// </summary>
public sealed partial class CommandDispatcher
{
    private const int MaxLockedGroup = 256;

    /// <summary>How often a group is decided again after the store said the cached state was not the database's.</summary>
    private const int LockedAttempts = 3;

    private async Task<BotMessage> QueueLockedAsync(ILockedAppendStore locked, IncidentId id, LockedWork work, CancellationToken cancellationToken)
    {
        while (true)
        {
            var entry = _cache.For(id);
            bool start;
            lock (entry.Waiting)
            {
                // Swept out of the cache between For and here: queued on it, the commits would fold into an orphan.
                if (!_cache.Holds(id, entry))
                {
                    continue;
                }

                entry.Waiting.Enqueue(work);
                start = !entry.Draining;
                entry.Draining = true;
            }

            if (start)
            {
                _ = Task.Run(() => DrainLockedAsync(locked, id, entry, CancellationToken.None), CancellationToken.None);
            }

            // Once queued it commits or fails with its group; a caller that gives up only stops waiting.
            return await work.Done.Task.WaitAsync(cancellationToken);
        }
    }

    private async Task DrainLockedAsync(ILockedAppendStore locked, IncidentId id, IncidentCache.Entry entry, CancellationToken cancellationToken)
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

            await entry.Gate.WaitAsync(cancellationToken);
            try
            {
                await CommitGroupAsync(locked, id, entry, group, alone: false, cancellationToken);
            }
            finally
            {
                entry.Gate.Release();
            }
        }
    }

    /// <summary>
    /// Commits the group and answers each command. When the store says the state was not the
    /// database's (or a write conflicted), the incident is read again and the group decided again; if
    /// that keeps failing, each command is tried alone, so only the one that conflicts fails. Any other
    /// failure (the database stopped answering) fails the whole group: none of it may be tried again
    /// here, since its commit may have landed.
    /// </summary>
    private async Task CommitGroupAsync(ILockedAppendStore locked, IncidentId id, IncidentCache.Entry entry, List<LockedWork> group, bool alone, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            List<BotMessage?> replies;
            try
            {
                replies = await TryCommitAsync(locked, id, entry, group, joining: !alone, cancellationToken);
            }
            catch (ConcurrencyConflictException) when (attempt < LockedAttempts)
            {
                continue;
            }
            catch (ConcurrencyConflictException) when (group.Count > 1)
            {
                foreach (var work in group)
                {
                    await CommitGroupAsync(locked, id, entry, [work], alone: true, cancellationToken);
                }

                return;
            }
            catch (ConcurrencyConflictException conflict)
            {
                group[0].Done.TrySetResult(new Refusal(Say.T(
                    $"Nothing was recorded: {id} could not take this command ({conflict.Message}). Check `/incident status`, then send it again.",
                    $"何も記録していません。{id} にこのコマンドを記録できませんでした（{conflict.Message}）。`/incident status` を確認してから、もう一度送信してください。"), "/incident status").Reply(id));
                return;
            }
#pragma warning disable CA1031 // whatever failed is its caller's to see; the drain goes on with the next group
            catch (Exception ex)
#pragma warning restore CA1031
            {
                foreach (var work in group)
                {
                    work.Done.TrySetException(ex);
                }

                return;
            }

            for (var i = 0; i < group.Count; i++)
            {
                if (replies[i] is { } reply)
                {
                    group[i].Done.TrySetResult(reply);
                }
            }

            if (replies.Any(r => r?.Recorded == true))
            {
                Notify(id);
            }

            return;
        }
    }
}
