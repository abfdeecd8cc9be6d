namespace IncidentBot.Workflows.Incidents.Events;

public enum StepAnswer
{
    Done,
    Failed,
    Skipped,

    /// <summary>The commander allows a destructive step to be run.</summary>
    Approved,
}
