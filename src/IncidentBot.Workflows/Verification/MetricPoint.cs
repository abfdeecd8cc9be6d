namespace IncidentBot.Workflows.Verification;

/// <summary>One datapoint of a metric.</summary>
public readonly record struct MetricPoint(DateTimeOffset At, double Value);
