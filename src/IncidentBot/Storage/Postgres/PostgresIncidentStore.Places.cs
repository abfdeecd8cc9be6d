using IncidentBot.Workflows.Chat;

namespace IncidentBot.Storage.Postgres;

/// <summary>Places: where the bot may post on each platform.</summary>
internal sealed partial class PostgresIncidentStore : IPlacesStore
{
    public async Task RememberPlaceAsync(ChatPlace place, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(place);
        await using var connection = await OpenAsync(cancellationToken);
        await ExecuteAsync(connection,
            """
            INSERT INTO places (platform, conversation, room, kind, name, updated_at) VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (platform, conversation) DO UPDATE SET room = excluded.room, kind = excluded.kind, name = coalesce(excluded.name, places.name), updated_at = excluded.updated_at
            """,
            [place.Room.Platform, place.Room.Conversation, place.Room.ToJson().ToJsonString(), place.Kind, place.Name, DateTimeOffset.UtcNow], cancellationToken);
    }

    public async Task ForgetPlaceAsync(RoomAddress room, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(room);
        await using var connection = await OpenAsync(cancellationToken);
        await ExecuteAsync(connection, "DELETE FROM places WHERE platform = $1 AND conversation = $2", [room.Platform, room.Conversation], cancellationToken);
    }

    public async Task<IReadOnlyList<ChatPlace>> PlacesAsync(string platform, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, "SELECT room, kind, name FROM places WHERE platform = $1 ORDER BY updated_at DESC", platform);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var places = new List<ChatPlace>();
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
