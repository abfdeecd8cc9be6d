using IncidentBot.WarRoom;

namespace IncidentBot.Storage;

/// <summary>The web page's conversations (table <c>web_conversation</c>).</summary>
internal sealed partial class SqliteIncidentStore : IConversationStore
{
    public Task<long?> AppendAsync(ConversationEntry entry, string? requestKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return Writer.WriteAsync<long?>(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = """
                INSERT INTO web_conversation (room, at, user, said, reply, private, request_key)
                VALUES ($room, $at, $user, $said, $reply, $private, $key)
                ON CONFLICT (request_key) DO NOTHING
                RETURNING seq
                """;
            command.Parameters.AddWithValue("$room", entry.Room);
            command.Parameters.AddWithValue("$at", WriterStatements.Time(entry.At));
            command.Parameters.AddWithValue("$user", entry.User);
            command.Parameters.AddWithValue("$said", entry.Said);
            command.Parameters.AddWithValue("$reply", entry.ReplyJson);
            command.Parameters.AddWithValue("$private", (int)entry.Privacy);
            command.Parameters.AddWithValue("$key", (object?)requestKey ?? DBNull.Value);
            return command.ExecuteScalar() is long seq ? seq : null;
        }, cancellationToken);
    }

    public async Task<IReadOnlyList<ConversationEntry>> ReadAsync(string room, long after, int limit, string? viewer, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT seq, at, user, said, reply, private FROM (
                SELECT seq, at, user, said, reply, private FROM web_conversation
                WHERE room = $room AND seq > $after AND (private <> 1 OR user = $viewer COLLATE NOCASE)
                ORDER BY seq DESC LIMIT $limit)
            ORDER BY seq
            """;
        command.Parameters.AddWithValue("$room", room);
        command.Parameters.AddWithValue("$after", after);
        command.Parameters.AddWithValue("$limit", limit);
        command.Parameters.AddWithValue("$viewer", (object?)viewer ?? DBNull.Value);
        var entries = new List<ConversationEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var user = reader.GetString(2);
            var privacy = (ConversationPrivacy)reader.GetInt32(5);
            var mine = viewer is not null && string.Equals(user, viewer, StringComparison.OrdinalIgnoreCase);
            var reply = privacy == ConversationPrivacy.Public || mine ? reader.GetString(4) : null;
            entries.Add(new ConversationEntry(reader.GetInt64(0), room, Parse(reader.GetString(1)), user, reader.GetString(3), reply, privacy));
        }

        return entries;
    }
}
