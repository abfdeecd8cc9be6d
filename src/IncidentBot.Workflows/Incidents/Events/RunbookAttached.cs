namespace IncidentBot.Workflows.Incidents.Events;

/// <summary>
/// A runbook taken up by the room. The step titles are kept with the event, so the timeline and the
/// postmortem still read right if the runbook file changes later.
/// </summary>
public sealed record RunbookAttached : IncidentEvent
{
    public required string Runbook { get; init; }
    public required string Title { get; init; }
    public required IReadOnlyList<string> Steps { get; init; }
    public IReadOnlyList<int> DestructiveSteps { get; init; } = [];

    public override string Kind => "runbook";
}
