using IncidentBot.Workflows.Incidents.Events;
using IncidentBot.Workflows.Runbooks;

namespace IncidentBot.Workflows.Verification;

/// <summary>A verification check as the incident holds it: the condition, where it came from, and its latest reading.</summary>
public sealed record VerificationCheck(int Number, MetricCondition Condition, string Source, string AddedBy, DateTimeOffset AddedAt)
{
    public bool Removed { get; init; }

    /// <summary>The latest reading in the current verification round; null before the first.</summary>
    public CheckEvaluated? Last { get; init; }

    public CheckOutcome Outcome => Last?.Outcome ?? CheckOutcome.Pending;
}
