using IncidentBot.Workflows.Verification;

namespace IncidentBot.Workflows.Incidents.Events;

/// <summary>
/// A verification check read against its metric: the outcome, why, and the datapoints it read (the
/// metric snapshot the timeline and the chart show). Recorded when the outcome or its reason changes,
/// not on every re-reading.
/// </summary>
public sealed record CheckEvaluated : IncidentEvent
{
    public required int Check { get; init; }
    public required CheckOutcome Outcome { get; init; }
    public required string Detail { get; init; }
    public IReadOnlyList<MetricPoint> Points { get; init; } = [];

    public override string Kind => "check-evaluated";
}
