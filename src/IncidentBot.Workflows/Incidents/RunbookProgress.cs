using IncidentBot.Workflows.Incidents.Events;

namespace IncidentBot.Workflows.Incidents;

/// <summary>Where the room is in one attached runbook.</summary>
public sealed record RunbookProgress(string Runbook, string Title, IReadOnlyList<string> Steps, IReadOnlyList<int> DestructiveSteps)
{
    /// <summary>The current step, 1-based; 0 once the runbook is finished.</summary>
    public int Current { get; init; } = 1;
    public IReadOnlyList<int> Approved { get; init; } = [];
    public IReadOnlyList<RunbookStepAnswered> Answers { get; init; } = [];

    public bool Finished => Current == 0;

    public bool NeedsApproval(int step) => DestructiveSteps.Contains(step) && !Approved.Contains(step);
}
