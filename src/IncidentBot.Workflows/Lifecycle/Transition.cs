using IncidentBot.Workflows.Commands;
using IncidentBot.Workflows.Incidents;

namespace IncidentBot.Workflows.Lifecycle;

/// <summary>One row of the transition table. The guard returns what is missing, or null when the way is clear.</summary>
public sealed record Transition(
    Phase From,
    Trigger Trigger,
    Phase To,
    string Command,
    string Label,
    Func<Incident, TriggerRequest, Refusal?> Guard);
