using IncidentBot.Workflows.Incidents;
using Npgsql;

namespace IncidentBot.Storage.Postgres;

/// <summary>
/// Commands decided under the incident's row lock (<see cref="ILockedAppendStore"/>): one round trip
/// locks the row and reads what other replicas appended since and which deliveries were already
/// answered; the caller decides on that; one round trip writes; then the commit. Nothing is ever
/// refused for being late, so replicas sharing a busy incident take turns instead of starving.
/// </summary>
internal sealed partial class PostgresIncidentStore : ILockedAppendStore
{
    public async Task CommitLockedAsync(IncidentId incident, long after, IReadOnlyCollection<string> deliveryKeys, Func<LockedRead, IReadOnlyList<Append>> decide, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deliveryKeys);
        ArgumentNullException.ThrowIfNull(decide);
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var newer = new List<RecordedEvent>();
        var answered = new Dictionary<string, string>(StringComparer.Ordinal);
        var found = false;
        var (channel, finished) = ((string?)null, false);
        await using (var read = new NpgsqlBatch(connection))
        {
            read.BatchCommands.Add(BatchCommand("SELECT channel, finished FROM incidents WHERE number = $1 FOR UPDATE", incident.Number));
            read.BatchCommands.Add(BatchCommand("SELECT seq, event_id, payload FROM events WHERE incident = $1 AND seq > $2 ORDER BY seq", incident.Number, after));
            read.BatchCommands.Add(BatchCommand("SELECT key, reply FROM deliveries WHERE key = ANY($1)", (object)deliveryKeys.ToArray()));
            await using var reader = await read.ExecuteReaderAsync(cancellationToken);
            found = await reader.ReadAsync(cancellationToken);
            if (found)
            {
                (channel, finished) = (reader.IsDBNull(0) ? null : reader.GetString(0), reader.GetBoolean(1));
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

        var appends = decide(new LockedRead(newer, answered));
        if (appends.Count > 0)
        {
            ThrowUnlessChained(appends, newer.Count > 0 ? newer[^1].Sequence : after);
            await using var write = new NpgsqlBatch(connection);
            AddAppends(write, appends);
            await write.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        if (appends.Count > 0 && MovesRoom(appends[^1].Summary, channel, finished))
        {
            RoomsMoved();
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
