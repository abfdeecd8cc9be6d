using IncidentBot.WarRoom;
using Microsoft.Data.Sqlite;

namespace IncidentBot.Storage;

/// <summary>The web page's conversations (table <c>web_conversation</c>).</summary>
internal sealed partial class SqliteIncidentStore : IConversationStore
{
    public Task<IReadOnlyList<string>> AppendAsync(IReadOnlyList<ConversationEntry> entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        return Writer.WriteAsync<IReadOnlyList<string>>(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = """
                INSERT INTO web_conversation (room, at, user, said, reply, private, request_key)
                VALUES ($room, $at, $user, $said, $reply, $private, $key)
                ON CONFLICT (request_key) DO NOTHING
                """;
            var room = command.Parameters.Add("$room", SqliteType.Text);
            var at = command.Parameters.Add("$at", SqliteType.Text);
            var user = command.Parameters.Add("$user", SqliteType.Text);
            var said = command.Parameters.Add("$said", SqliteType.Text);
            var reply = command.Parameters.Add("$reply", SqliteType.Text);
            var privacy = command.Parameters.Add("$private", SqliteType.Integer);
            var key = command.Parameters.Add("$key", SqliteType.Text);
            var kept = new List<string>();
            foreach (var entry in entries)
            {
                (room.Value, at.Value, user.Value, said.Value) = (entry.Room, WriterStatements.Time(entry.At), entry.User, entry.Said);
                (reply.Value, privacy.Value, key.Value) = ((object?)entry.ReplyJson ?? DBNull.Value, (int)entry.Privacy, (object?)entry.RequestKey ?? DBNull.Value);
                if (command.ExecuteNonQuery() == 1)
                {
                    kept.Add(entry.Room);
                }
            }

            return kept;
        }, cancellationToken);
    }

    public async Task<IReadOnlyList<ConversationEntry>> ReadAsync(string room, long after, long before, int limit, string? viewer, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT seq, at, user, said, reply, private, request_key FROM (
                SELECT seq, at, user, said, reply, private, request_key FROM web_conversation
                WHERE room = $room AND seq > $after AND seq < $before AND (private <> 1 OR user = $viewer COLLATE NOCASE)
                ORDER BY seq DESC LIMIT $limit)
            ORDER BY seq
            """;
        command.Parameters.AddWithValue("$room", room);
        command.Parameters.AddWithValue("$after", after);
        command.Parameters.AddWithValue("$before", before);
        command.Parameters.AddWithValue("$limit", limit);
        command.Parameters.AddWithValue("$viewer", (object?)viewer ?? DBNull.Value);
        var entries = new List<ConversationEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new ConversationEntry(reader.GetInt64(0), room, Parse(reader.GetString(1)), reader.GetString(2), reader.GetString(3), reader.GetString(4), (ConversationPrivacy)reader.GetInt32(5))
            {
                RequestKey = reader.IsDBNull(6) ? null : reader.GetString(6),
            }.SeenBy(viewer));
        }

        return entries;
    }
}
