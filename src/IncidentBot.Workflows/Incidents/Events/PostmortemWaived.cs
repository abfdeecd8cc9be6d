namespace IncidentBot.Workflows.Incidents.Events;

/// <summary>The commander judged that this incident needs no postmortem, and said why.</summary>
public sealed record PostmortemWaived : IncidentEvent
{
    public required string Reason { get; init; }

    public override string Kind => "postmortem-waived";
}
