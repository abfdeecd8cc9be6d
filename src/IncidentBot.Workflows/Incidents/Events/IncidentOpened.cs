using IncidentBot.Workflows.Chat;

namespace IncidentBot.Workflows.Incidents.Events;

public sealed record IncidentOpened : IncidentEvent
{
    public required string Title { get; init; }
    public Severity? Severity { get; init; }

    /// <summary>The room the incident was started in, when it became that room's incident (the local war room page).</summary>
    public RoomAddress? Room { get; init; }

    /// <summary>The chat platform it was started on, when that platform opens a war room of its own for it.</summary>
    public string? RoomPlatform { get; init; }

    /// <summary>How it was detected: <c>person</c> for a command, or the alert source.</summary>
    public string Source { get; init; } = "person";

    public override string Kind => "opened";
}
