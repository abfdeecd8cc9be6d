namespace IncidentBot.Workflows.Incidents.Events;

public sealed record IncidentOpened : IncidentEvent
{
    public required string Title { get; init; }
    public Severity? Severity { get; init; }

    /// <summary>The channel the incident was started in, when it became that channel's incident.</summary>
    public string? Channel { get; init; }

    /// <summary>How it was detected: <c>person</c> for a command, or the alert source.</summary>
    public string Source { get; init; } = "person";

    public override string Kind => "opened";
}
