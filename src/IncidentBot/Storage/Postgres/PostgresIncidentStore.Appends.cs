using IncidentBot.Workflows.Incidents;
using Npgsql;

namespace IncidentBot.Storage.Postgres;

/// <summary>
/// Appends with group commit per incident, as SQLite's single writer commits in groups: appends to one
/// incident queue up in the order the dispatcher handed them over (it hands over the next before the
/// last committed), and whatever is waiting when a transaction starts goes into it together: one row
/// lock, one read of where the log stands, one batch of inserts, one commit. Each append still stands
/// alone: one decided on an older version (another replica appended meanwhile), or on one refused
/// before it, is refused; the others commit. Incidents do not wait for each other. An append's task
/// completes only after the transaction holding it committed.
/// </summary>
internal sealed partial class PostgresIncidentStore
{
    private const int MaxGroup = 256;
    private readonly Dictionary<long, List<Pending>> _waiting = [];

    private sealed record Pending(Append Append, TaskCompletionSource Done);

    public Task AppendAsync(Append append, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(append);
        var pending = new Pending(append, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        bool start;
        lock (_waiting)
        {
            start = !_waiting.TryGetValue(append.Incident.Number, out var queue);
            if (start)
            {
                _waiting[append.Incident.Number] = queue = [];
            }

            queue!.Add(pending);
        }

        if (start)
        {
            _ = Task.Run(() => DrainAsync(append.Incident.Number), CancellationToken.None);
        }

        return pending.Done.Task;
    }

    /// <summary>Commits the incident's waiting appends group by group until none is left.</summary>
    private async Task DrainAsync(long incident)
    {
        while (true)
        {
            List<Pending> group;
            lock (_waiting)
            {
                var queue = _waiting[incident];
                if (queue.Count == 0)
                {
                    _waiting.Remove(incident);
                    return;
                }

                group = queue[..Math.Min(MaxGroup, queue.Count)];
                queue.RemoveRange(0, group.Count);
            }

            try
            {
                await CommitGroupAsync(incident, group);
            }
            catch (PostgresException ex) when (IsDeliveryAnswered(ex) && group.Count > 1)
            {
                // A delivery answered twice within the group: each alone, so only that one is refused.
                foreach (var one in group)
                {
                    await CommitAloneAsync(incident, one);
                }
            }
            catch (PostgresException ex) when (IsDeliveryAnswered(ex))
            {
                group[0].Done.TrySetException(new ConcurrencyConflictException($"Delivery '{group[0].Append.Delivery?.Key}' was already answered.", ex));
            }
#pragma warning disable CA1031 // whatever failed, every append of the group is told, and the next group goes on
            catch (Exception ex)
#pragma warning restore CA1031
            {
                foreach (var one in group)
                {
                    one.Done.TrySetException(ex);
                }
            }
        }
    }

    /// <summary>A delivery key already answered; other unique violations (a room another open incident holds) are errors of their own.</summary>
    private static bool IsDeliveryAnswered(PostgresException ex) => ex.SqlState == UniqueViolation && ex.ConstraintName == "deliveries_pkey";

    private async Task CommitAloneAsync(long incident, Pending one)
    {
        try
        {
            await CommitGroupAsync(incident, [one]);
        }
        catch (PostgresException ex) when (IsDeliveryAnswered(ex))
        {
            one.Done.TrySetException(new ConcurrencyConflictException($"Delivery '{one.Append.Delivery?.Key}' was already answered.", ex));
        }
#pragma warning disable CA1031 // told to its caller
        catch (Exception ex)
#pragma warning restore CA1031
        {
            one.Done.TrySetException(ex);
        }
    }

    private async Task CommitGroupAsync(long incident, List<Pending> group)
    {
        await using var connection = await OpenAsync(CancellationToken.None);
        await using var transaction = await connection.BeginTransactionAsync(CancellationToken.None);

        // The incident's row is the lock: another replica's append to it waits here, then sees the new version.
        var (version, lastId) = (0L, Guid.Empty);
        var (channel, finished) = ((string?)null, false);
        await using (var locate = new NpgsqlBatch(connection))
        {
            locate.BatchCommands.Add(BatchCommand("SELECT channel, finished FROM incidents WHERE number = $1 FOR UPDATE", incident));
            locate.BatchCommands.Add(BatchCommand("SELECT seq, event_id FROM events WHERE incident = $1 ORDER BY seq DESC LIMIT 1", incident));
            await using var reader = await locate.ExecuteReaderAsync(CancellationToken.None);
            if (await reader.ReadAsync(CancellationToken.None))
            {
                (channel, finished) = (reader.IsDBNull(0) ? null : reader.GetString(0), reader.GetBoolean(1));
            }

            await reader.NextResultAsync(CancellationToken.None);
            if (await reader.ReadAsync(CancellationToken.None))
            {
                (version, lastId) = (reader.GetInt64(0), reader.GetGuid(1));
            }
        }

        var accepted = new List<Pending>();
        var refused = new List<(Pending One, long At)>();
        foreach (var one in group)
        {
            if (one.Append.ExpectedVersion != version || one.Append.ExpectedLastEventId != lastId || one.Append.Events.Count == 0)
            {
                refused.Add((one, version));
                continue;
            }

            accepted.Add(one);
            (version, lastId) = (one.Append.Events[^1].Sequence, one.Append.Events[^1].EventId);
        }

        if (accepted.Count > 0)
        {
            await using var write = new NpgsqlBatch(connection);
            AddAppends(write, [.. accepted.Select(one => one.Append)]);
            await write.ExecuteNonQueryAsync(CancellationToken.None);
        }

        await transaction.CommitAsync(CancellationToken.None);
        if (accepted.Count > 0 && MovesRoom(accepted[^1].Append.Summary, channel, finished))
        {
            RoomsMoved();
        }

        foreach (var one in accepted)
        {
            one.Done.TrySetResult();
        }

        foreach (var (one, at) in refused)
        {
            one.Done.TrySetException(new ConcurrencyConflictException($"{one.Append.Incident} is at event {at}, not at the expected {one.Append.ExpectedVersion}."));
        }
    }

    /// <summary>The statements that write <paramref name="appends"/> (each following the one before): events, deliveries, outbox, and the incident's summary after the last.</summary>
    private static void AddAppends(NpgsqlBatch write, IReadOnlyList<Append> appends)
    {
        AddEvents(write, [.. appends.SelectMany(append => append.Events)]);
        foreach (var append in appends)
        {
            if (append.Delivery is { } delivery)
            {
                write.BatchCommands.Add(BatchCommand("INSERT INTO deliveries (key, incident, reply, at) VALUES ($1, $2, $3, $4)", delivery.Key, append.Incident.Number, delivery.Reply, append.Events[^1].Event.At.ToUniversalTime()));
            }

            AddOutbox(write, append.Outbox, append.Events[^1].Event.At);
        }

        write.BatchCommands.Add(SummaryCommand(appends[^1].Summary));
    }
}
