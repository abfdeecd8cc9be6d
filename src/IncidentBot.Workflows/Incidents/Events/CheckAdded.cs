namespace IncidentBot.Workflows.Incidents.Events;

/// <summary>
/// A verification check the incident must pass before it is verified: a metric condition
/// (<see cref="Runbooks.MetricCondition"/>) from a person, a runbook or the alarm that opened it.
/// </summary>
public sealed record CheckAdded : IncidentEvent
{
    public required int Check { get; init; }

    /// <summary>The condition as text, in the form <see cref="Runbooks.MetricCondition.TryParse"/> reads.</summary>
    public required string Condition { get; init; }

    /// <summary>Where it came from: <c>by hand</c>, <c>runbook db-connection-storm</c>, <c>alarm HighCPU</c>.</summary>
    public required string Source { get; init; }

    public override string Kind => "check";
}
