using IncidentBot.Workflows.Lifecycle;

namespace IncidentBot.Workflows.Incidents.Events;

/// <summary>A lifecycle transition. <see cref="Reason"/> carries the mitigation note, the override or reopen reason.</summary>
public sealed record PhaseChanged : IncidentEvent
{
    public required Trigger Trigger { get; init; }
    public required Phase From { get; init; }
    public required Phase To { get; init; }
    public string? Reason { get; init; }

    public override string Kind => "phase";
}
