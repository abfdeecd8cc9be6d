namespace IncidentBot.Workflows.Chat;

/// <summary>Where the bot may post on each platform, as the platforms told it (installed in a team, added to a chat).</summary>
public interface IPlacesStore
{
    /// <summary>Remembers (or updates) a place.</summary>
    Task RememberPlaceAsync(ChatPlace place, CancellationToken cancellationToken);

    /// <summary>Forgets a place the bot was removed from.</summary>
    Task ForgetPlaceAsync(RoomAddress room, CancellationToken cancellationToken);

    /// <summary>Every place known on <paramref name="platform"/>.</summary>
    Task<IReadOnlyList<ChatPlace>> PlacesAsync(string platform, CancellationToken cancellationToken);
}
