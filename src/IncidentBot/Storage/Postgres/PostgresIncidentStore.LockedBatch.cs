using System.Runtime.CompilerServices;
using IncidentBot.Workflows.Incidents;
using Npgsql;

namespace IncidentBot.Storage.Postgres;

/// <summary>The two round trips of a locked commit for one or more incidents; the row locks are held between them only.</summary>
internal sealed partial class PostgresIncidentStore
{
    private sealed record LockedRow(string? Channel, bool Finished, long Version);

    /// <summary>
    /// BEGIN with the locks and the reads, then the writes with COMMIT (Npgsql's own transaction would
    /// add a third round trip for the commit, and every round trip the locks are held is one another
    /// replica waits). A call whose incident is missing, whose copy is not the database's, or whose
    /// decision throws fails alone and writes nothing; the others go on.
    /// </summary>
    private static async Task<bool> CommitLockedAsync(NpgsqlConnection connection, List<LockedCall> calls, StrongBox<bool> sent, CancellationToken cancellationToken)
    {
        var numbers = calls.Select(c => c.Incident.Number).ToArray();
        var rows = new Dictionary<long, LockedRow>();
        var newer = calls.ToDictionary(c => c.Incident.Number, _ => new List<RecordedEvent>());
        var answered = new Dictionary<string, string>(StringComparer.Ordinal);
        await using (var read = new NpgsqlBatch(connection))
        {
            read.BatchCommands.Add(BatchCommand("BEGIN ISOLATION LEVEL READ COMMITTED"));

            // A row another replica holds for seconds (stalled mid-transaction) fails this transaction
            // soon, instead of holding every other incident's commands on this replica behind it.
            read.BatchCommands.Add(BatchCommand("SET LOCAL lock_timeout = '5s'"));
            read.BatchCommands.Add(BatchCommand("SELECT number, channel, finished, version FROM incidents WHERE number = ANY($1) ORDER BY number FOR UPDATE", (object)numbers));
            // One plain statement per incident, each an index range scan: joined to an unnested array
            // (even LATERAL), the prepared statement's generic plan scanned the events table (5 ms, not 0.03).
            foreach (var call in calls)
            {
                read.BatchCommands.Add(BatchCommand("SELECT seq, event_id, payload FROM events WHERE incident = $1 AND seq > $2 ORDER BY seq", call.Incident.Number, call.After));
            }

            read.BatchCommands.Add(BatchCommand("SELECT key, reply FROM deliveries WHERE key = ANY($1)", (object)calls.SelectMany(c => c.DeliveryKeys).Distinct().ToArray()));
            await using var reader = await read.ExecuteReaderAsync(cancellationToken); // BEGIN returns no rows: the reader starts at the locks'
            while (await reader.ReadAsync(cancellationToken))
            {
                rows[reader.GetInt64(0)] = new LockedRow(reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetBoolean(2), reader.GetInt64(3));
            }

            foreach (var call in calls)
            {
                await reader.NextResultAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    newer[call.Incident.Number].Add(new RecordedEvent(call.Incident, reader.GetInt64(0), reader.GetGuid(1), EventJson.Deserialize(reader.GetString(2))));
                }
            }

            await reader.NextResultAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                answered[reader.GetString(0)] = reader.GetString(1);
            }
        }

        var written = new List<(LockedCall Call, IReadOnlyList<Append> Appends)>();
        foreach (var call in calls)
        {
            if (Decided(call, rows.GetValueOrDefault(call.Incident.Number), newer[call.Incident.Number], answered) is { } appends)
            {
                written.Add((call, appends));
            }
        }

        await using (var write = new NpgsqlBatch(connection))
        {
            foreach (var (_, appends) in written.Where(w => w.Appends.Count > 0))
            {
                AddAppends(write, appends);
            }

            write.BatchCommands.Add(BatchCommand("COMMIT"));
            sent.Value = true;
            await write.ExecuteNonQueryAsync(CancellationToken.None);
        }

        // Told by the caller once the outcome is known: forgetting rooms is the commit's consequence, never its failure.
        return written.Any(w => w.Appends.Count > 0 && rows[w.Call.Incident.Number] is var row && MovesRoom(w.Appends[^1].Summary, row.Channel, row.Finished));
    }

    /// <summary>The call's appends, checked; null (and the call failed) when it must write nothing.</summary>
    private static IReadOnlyList<Append>? Decided(LockedCall call, LockedRow? row, List<RecordedEvent> newer, Dictionary<string, string> answered)
    {
        try
        {
            if (row is null)
            {
                throw new InvalidOperationException($"{call.Incident} is not in the store.");
            }

            // The caller's copy must be the log up to `After`: a copy ahead of it (events that never
            // committed) would write past a gap.
            var last = newer.Count > 0 ? newer[^1].Sequence : call.After;
            if (row.Version != last || (newer.Count > 0 && newer[0].Sequence != call.After + 1))
            {
                throw new ConcurrencyConflictException($"{call.Incident} is at event {row.Version}, not at this replica's {call.After}");
            }

            var appends = call.Decide(new LockedRead(newer, answered));
            ThrowUnlessChained(call.Incident, appends, last);
            return appends;
        }
#pragma warning disable CA1031 // told to the call's caller; the other incidents in the transaction go on
        catch (Exception ex)
#pragma warning restore CA1031
        {
            call.Done.TrySetException(ex);
            return null;
        }
    }
}
