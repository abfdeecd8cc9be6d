using IncidentBot.Workflows.Verification;

namespace IncidentBot.Workflows.Incidents.Events;

/// <summary>
/// A metric's recent datapoints kept on the timeline as evidence: taken when an alarm opens the
/// incident, so the shape of the problem survives even if it recovers by itself.
/// </summary>
public sealed record MetricSnapshotTaken : IncidentEvent
{
    /// <summary>The metric, as <see cref="Runbooks.MetricCondition.MetricText"/> writes it.</summary>
    public required string Metric { get; init; }
    public required string Statistic { get; init; }
    public required string Why { get; init; }
    public IReadOnlyList<MetricPoint> Points { get; init; } = [];

    /// <summary>Set when the metric could not be read: what went wrong.</summary>
    public string? Problem { get; init; }

    public override string Kind => "metric-snapshot";
}
