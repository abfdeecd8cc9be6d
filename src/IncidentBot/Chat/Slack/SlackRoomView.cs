using IncidentBot.Workflows.Chat;
using IncidentBot.Workflows.Incidents;

namespace IncidentBot.Chat.Slack;

/// <summary>What Slack shows of an incident, read once per delivery.</summary>
public sealed record SlackRoomView(RoomAddress? Room, string Title, IReadOnlyList<string> Services, string Topic, BotMessage Card, BotMessage Board, BotMessage? Alerts, Phase Phase, string? RoomName, long Version)
{
    /// <summary>Its war room's Slack channel; null when it has none in Slack.</summary>
    public string? Channel => SlackPlatform.ChannelOf(Room);

    /// <summary>Its war room is on another platform (or the local page).</summary>
    public bool RoomElsewhere => Room is not null && Channel is null;

    public string Severity => Card.Fields.FirstOrDefault(f => f.Title == "Severity")?.Value ?? "severity not set";
}
