using IncidentBot.WarRoom;
using Npgsql;

namespace IncidentBot.Storage.Postgres;

/// <summary>The web page's conversations (table <c>web_conversation</c>; its column "user" is a reserved word here, so quoted).</summary>
internal sealed partial class PostgresIncidentStore : IConversationStore
{
    /// <summary>The advisory lock conversation writes take ("CONVERSA" in ASCII).</summary>
    private const long ConversationLock = 0x434F4E5645525341;

    /// <summary>
    /// Keeps a batch in one round trip and one insert (arrays unnested server-side). Replicas write
    /// their batches one at a time (a transaction lock), so sequence numbers are taken in commit order:
    /// a page reading "after seq N" never misses an exchange committed later with a lower number.
    /// Returns the room of each exchange kept (one already kept under its request key is not).
    /// </summary>
    public async Task<IReadOnlyList<string>> AppendAsync(IReadOnlyList<ConversationEntry> entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count == 0)
        {
            return [];
        }

        await using var connection = await OpenAsync(cancellationToken);

        // No explicit transaction: a batch runs as one implicit transaction, so the lock is held until
        // the insert commits, in a single round trip.
        await using var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(BatchCommand($"SELECT pg_advisory_xact_lock({ConversationLock})"));
        batch.BatchCommands.Add(BatchCommand(
            """
            INSERT INTO web_conversation (room, at, "user", said, reply, private, request_key)
            SELECT room, at, "user", said, reply, private, request_key
            FROM unnest($1::text[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::integer[], $7::text[]) WITH ORDINALITY
                AS kept (room, at, "user", said, reply, private, request_key, n)
            ORDER BY n
            ON CONFLICT (request_key) DO NOTHING
            RETURNING room
            """,
            entries.Select(e => e.Room).ToArray(), entries.Select(e => e.At.UtcDateTime).ToArray(), entries.Select(e => e.User).ToArray(), entries.Select(e => e.Said).ToArray(),
            entries.Select(e => e.ReplyJson).ToArray(), entries.Select(e => (int)e.Privacy).ToArray(), entries.Select(e => e.RequestKey).ToArray()));
        var kept = new List<string>();
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
        {
            await reader.NextResultAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                kept.Add(reader.GetString(0));
            }
        }

        return kept;
    }

    public async Task<IReadOnlyList<ConversationEntry>> ReadAsync(string room, long after, long before, int limit, string? viewer, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        // lower() on both sides for SQLite's COLLATE NOCASE: the same for ASCII names (beyond ASCII, lower() folds as the database's locale does).
        await using var command = Command(connection,
            """
            SELECT seq, at, "user", said, reply, private, request_key FROM (
                SELECT seq, at, "user", said, reply, private, request_key FROM web_conversation
                WHERE room = $1 AND seq > $2 AND seq < $3 AND (private <> 1 OR lower("user") = lower($5::text))
                ORDER BY seq DESC LIMIT $4) AS newest
            ORDER BY seq
            """,
            room, after, before, limit, viewer);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var entries = new List<ConversationEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new ConversationEntry(reader.GetInt64(0), room, reader.GetFieldValue<DateTimeOffset>(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), (ConversationPrivacy)reader.GetInt32(5))
            {
                RequestKey = reader.IsDBNull(6) ? null : reader.GetString(6),
            }.SeenBy(viewer));
        }

        return entries;
    }
}
