using IncidentBot.Workflows.Lifecycle;

namespace IncidentBot.Workflows.Incidents;

/// <summary>One lifecycle transition as it happened; phase durations are derived from these.</summary>
public sealed record TransitionRecord(Trigger Trigger, Phase From, Phase To, DateTimeOffset At, string Actor, string? Reason);
