using IncidentBot.Workflows.Chat;

namespace IncidentBot.Storage;

/// <summary>Places: where the bot may post on each platform.</summary>
internal sealed partial class SqliteIncidentStore : IPlacesStore
{
    public Task RememberPlaceAsync(ChatPlace place, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(place);
        var at = WriterStatements.Time(DateTimeOffset.UtcNow);
        return Writer.WriteAsync(connection => Execute(connection,
            """
            INSERT INTO places (platform, conversation, room, kind, name, updated_at) VALUES ($platform, $conversation, $room, $kind, $name, $at)
            ON CONFLICT (platform, conversation) DO UPDATE SET room = excluded.room, kind = excluded.kind, name = coalesce(excluded.name, name), updated_at = excluded.updated_at
            """,
            ("$platform", place.Room.Platform), ("$conversation", place.Room.Conversation), ("$room", place.Room.ToJson().ToJsonString()),
            ("$kind", place.Kind), ("$name", (object?)place.Name ?? DBNull.Value), ("$at", at)), cancellationToken);
    }

    public Task ForgetPlaceAsync(RoomAddress room, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(room);
        return Writer.WriteAsync(connection => Execute(connection, "DELETE FROM places WHERE platform = $platform AND conversation = $conversation",
            ("$platform", room.Platform), ("$conversation", room.Conversation)), cancellationToken);
    }

    public async Task<IReadOnlyList<ChatPlace>> PlacesAsync(string platform, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT room, kind, name FROM places WHERE platform = $platform ORDER BY updated_at DESC";
        command.Parameters.AddWithValue("$platform", platform);
        var places = new List<ChatPlace>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (_rooms.Read(reader.GetString(0)) is { } room)
            {
                places.Add(new ChatPlace(room, reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2)));
            }
        }

        return places;
    }
}
