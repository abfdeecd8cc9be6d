namespace IncidentBot.Workflows.Incidents.Events;

/// <summary>How the incident was detected, as someone stated it: <c>monitoring</c>, <c>person</c>, <c>customer</c> or <c>provider</c>, and how.</summary>
public sealed record DetectionRecorded : IncidentEvent
{
    public required string Source { get; init; }
    public string? How { get; init; }

    public override string Kind => "detected-by";
}
