using IncidentBot.Workflows.Chat;
using IncidentBot.Workflows.Incidents;

namespace IncidentBot.Chat.Slack;

/// <summary>What Slack shows of an incident, read once per delivery.</summary>
/// <param name="Severity">Its severity as the announcement shows it (<c>SEV2</c>, or that it is not set).</param>
public sealed record SlackRoomView(RoomAddress? Room, string Title, IReadOnlyList<string> Services, string Topic, BotMessage Card, BotMessage Board, BotMessage? Alerts, Phase Phase, string? RoomName, string Severity, long Version)
{
    /// <summary>Its war room's Slack channel; null when it has none in Slack.</summary>
    public string? Channel => SlackPlatform.ChannelOf(Room);

    /// <summary>Its war room is on another platform (or the local page).</summary>
    public bool RoomElsewhere => Room is not null && Channel is null;
}
