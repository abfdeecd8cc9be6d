namespace IncidentBot.Workflows.Incidents.Events;

/// <summary>Someone asked to review the postmortem.</summary>
public sealed record ReviewerAdded : IncidentEvent
{
    public required string User { get; init; }

    public override string Kind => "reviewer";
}
