namespace IncidentBot.Workflows.Incidents.Events;

/// <summary>Someone answered a runbook step. <see cref="Next"/> is the step that is current afterwards; 0 when the runbook is finished.</summary>
public sealed record RunbookStepAnswered : IncidentEvent
{
    public required string Runbook { get; init; }
    public required int Step { get; init; }
    public required StepAnswer Answer { get; init; }
    public required int Next { get; init; }
    public string? Note { get; init; }

    public override string Kind => "runbook-step";
}
