namespace IncidentBot.Workflows.Incidents.Events;

/// <summary>A verification check taken off the incident, with the reason.</summary>
public sealed record CheckRemoved : IncidentEvent
{
    public required int Check { get; init; }
    public required string Reason { get; init; }

    public override string Kind => "check-removed";
}
