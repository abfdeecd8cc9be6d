namespace IncidentBot.Workflows.Outbox;

/// <summary>A chat platform the bot delivers to, as the outbox policy needs to know it.</summary>
/// <param name="Name">The platform's name in room addresses, outbox kinds and message keys: <c>slack</c>, <c>teams</c>.</param>
/// <param name="DisplayName">How people name it: <c>Slack</c>, <c>Microsoft Teams</c>.</param>
public sealed record ChatPlatform(string Name, string DisplayName)
{
    /// <summary>It opens a war room of its own for each incident (and its starts never take the channel they were typed in).</summary>
    public bool OpensRooms { get; init; }

    /// <summary>What the opener is told while the room is being opened, as true for this platform's kind of room.</summary>
    public string Opening { get; init; } = "Its war room channel is being opened and you will be invited";

    /// <summary>It has a channel where new incidents are announced.</summary>
    public bool Announces { get; init; }
}
