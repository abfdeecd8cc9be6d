using IncidentBot.Workflows.Chat;

namespace IncidentBot.Workflows.Incidents.Events;

/// <summary>
/// The bot opened a war room for the incident on a chat platform. From now on commands and messages
/// in <see cref="Room"/> belong to the incident.
/// </summary>
public sealed record WarRoomOpened : IncidentEvent
{
    public required RoomAddress Room { get; init; }

    /// <summary>The name people see, e.g. <c>inc-0042-checkout-errors</c>.</summary>
    public required string Name { get; init; }

    public override string Kind => "war-room";
}
