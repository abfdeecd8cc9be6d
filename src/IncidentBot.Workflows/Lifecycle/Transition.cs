using IncidentBot.Workflows.Commands;
using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Language;

namespace IncidentBot.Workflows.Lifecycle;

/// <summary>
/// One row of the transition table. The guard returns what is missing, or null when the way is clear.
/// The button label is kept in both languages and read in the bot's language when the button is drawn.
/// </summary>
public sealed record Transition(
    Phase From,
    Trigger Trigger,
    Phase To,
    string Command,
    Words Label,
    Func<Incident, TriggerRequest, Refusal?> Guard);
