using IncidentBot.Workflows.Incidents;
using System.Runtime.CompilerServices;
using Npgsql;

namespace IncidentBot.Storage.Postgres;

/// <summary>
/// Commands decided under the incident's row lock (<see cref="ILockedAppendStore"/>): one round trip
/// begins, locks the row and reads what other replicas appended since and which deliveries were already
/// answered; the caller decides on that; one round trip writes and commits. Nothing is ever refused for
/// being late, so replicas sharing a busy incident take turns instead of starving.
/// </summary>
internal sealed partial class PostgresIncidentStore : ILockedAppendStore
{
    /// <summary>
    /// Failures are told apart by what they mean for the caller: a conflict (a unique key taken, or a
    /// cached copy that is not the database's) is <see cref="ConcurrencyConflictException"/>, nothing
    /// written; a server that stops answering before the writes were sent is
    /// <see cref="StoreFault.Unreachable"/>, nothing written; after they were sent,
    /// <see cref="StoreFault.LostMidCommit"/>: the commit may have landed, so nobody may try it again blindly.
    /// </summary>
    public async Task CommitLockedAsync(IncidentId incident, long after, IReadOnlyCollection<string> deliveryKeys, Func<LockedRead, IReadOnlyList<Append>> decide, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deliveryKeys);
        ArgumentNullException.ThrowIfNull(decide);
        await using var connection = await OpenAsync(cancellationToken);
        var sent = new StrongBox<bool>();
        try
        {
            await CommitLockedAsync(connection, incident, after, deliveryKeys, decide, sent, cancellationToken);
        }
        catch (PostgresException ex) when (ex.SqlState == UniqueViolation)
        {
            await RollBackAsync(connection, CancellationToken.None);
            throw new ConcurrencyConflictException($"{ex.ConstraintName} already holds this value", ex);
        }
        catch (NpgsqlException ex) when (ex is not PostgresException)
        {
            await RollBackAsync(connection, CancellationToken.None);
            throw new StoreUnavailableException(sent.Value ? StoreFault.LostMidCommit : StoreFault.Unreachable, Where, ex.Message, ex);
        }
        catch
        {
            await RollBackAsync(connection, CancellationToken.None);
            throw;
        }
    }

    /// <summary>
    /// Two round trips, the row lock held between them only: BEGIN with the lock and the reads, then
    /// the writes with COMMIT. (Npgsql's own transaction would add a third for the commit, and under a
    /// busy incident every round trip the lock is held is one the other replica waits.)
    /// </summary>
    private async Task CommitLockedAsync(NpgsqlConnection connection, IncidentId incident, long after, IReadOnlyCollection<string> deliveryKeys, Func<LockedRead, IReadOnlyList<Append>> decide, StrongBox<bool> sent, CancellationToken cancellationToken)
    {
        var newer = new List<RecordedEvent>();
        var answered = new Dictionary<string, string>(StringComparer.Ordinal);
        var found = false;
        var (channel, finished, version) = ((string?)null, false, 0L);
        await using (var read = new NpgsqlBatch(connection))
        {
            read.BatchCommands.Add(BatchCommand("BEGIN ISOLATION LEVEL READ COMMITTED"));
            read.BatchCommands.Add(BatchCommand("SELECT channel, finished, version FROM incidents WHERE number = $1 FOR UPDATE", incident.Number));
            read.BatchCommands.Add(BatchCommand("SELECT seq, event_id, payload FROM events WHERE incident = $1 AND seq > $2 ORDER BY seq", incident.Number, after));
            read.BatchCommands.Add(BatchCommand("SELECT key, reply FROM deliveries WHERE key = ANY($1)", (object)deliveryKeys.ToArray()));
            await using var reader = await read.ExecuteReaderAsync(cancellationToken);
            found = await reader.ReadAsync(cancellationToken); // BEGIN returns no rows: the reader starts at the lock's
            if (found)
            {
                (channel, finished, version) = (reader.IsDBNull(0) ? null : reader.GetString(0), reader.GetBoolean(1), reader.GetInt64(2));
            }

            await reader.NextResultAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                newer.Add(new RecordedEvent(incident, reader.GetInt64(0), reader.GetGuid(1), EventJson.Deserialize(reader.GetString(2))));
            }

            await reader.NextResultAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                answered[reader.GetString(0)] = reader.GetString(1);
            }
        }

        if (!found)
        {
            throw new InvalidOperationException($"{incident} is not in the store.");
        }

        // The caller's copy must be the log up to `after`: a copy ahead of it (events that never
        // committed) would write past a gap.
        var last = newer.Count > 0 ? newer[^1].Sequence : after;
        if (version != last || (newer.Count > 0 && newer[0].Sequence != after + 1))
        {
            throw new ConcurrencyConflictException($"{incident} is at event {version}, not at this replica's {after}");
        }

        var appends = decide(new LockedRead(newer, answered));
        await using (var write = new NpgsqlBatch(connection))
        {
            if (appends.Count > 0)
            {
                ThrowUnlessChained(appends, last);
                AddAppends(write, appends);
            }

            write.BatchCommands.Add(BatchCommand("COMMIT"));
            sent.Value = true;
            await write.ExecuteNonQueryAsync(CancellationToken.None);
        }

        if (appends.Count > 0 && MovesRoom(appends[^1].Summary, channel, finished))
        {
            RoomsMoved();
        }
    }

    /// <summary>Ends a transaction left open by a failure, before the connection goes back to the pool.</summary>
    private static async Task RollBackAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        if (connection.State != System.Data.ConnectionState.Open)
        {
            return; // broken: the pool discards it, and the server ends the transaction with the session
        }

        try
        {
            await ExecuteAsync(connection, "ROLLBACK", [], cancellationToken);
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
        {
            // Broken: the pool discards it, and the server ends the transaction with the session.
        }
    }

    /// <summary>A caller's mistake, not a race: appends that do not follow the log (and each other) are never written.</summary>
    private static void ThrowUnlessChained(IReadOnlyList<Append> appends, long last)
    {
        foreach (var append in appends)
        {
            if (append.Events.Count == 0 || append.ExpectedVersion != last || append.Events[0].Sequence != last + 1)
            {
                throw new InvalidOperationException($"{append.Incident}: an append decided under the lock expected event {append.ExpectedVersion}, but the log is at {last}.");
            }

            last = append.Events[^1].Sequence;
        }
    }
}
