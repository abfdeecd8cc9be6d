using System.Text;
using IncidentBot.Workflows.Commands;
using IncidentBot.Workflows.Incidents;

namespace IncidentBot.Workflows.Lifecycle;

/// <summary>
/// The incident lifecycle as an explicit transition table: detect → triage → recover → verify →
/// report → close. Every rule of DESIGN §1 is one row here; the buttons, the refusals and the
/// Mermaid diagram are all read from the same rows.
/// </summary>
public static class IncidentLifecycle
{
    private static readonly Transition[] Table =
    [
        new(Phase.Detected, Trigger.Declare, Phase.Triage, "/incident declare", "Declare", NoGuard),
        new(Phase.Detected, Trigger.Dismiss, Phase.Dismissed, "/incident dismiss <reason>", "Dismiss", NoGuard),
        new(Phase.Triage, Trigger.StartRecovery, Phase.Recovering, "/incident recover", "Start recovery", NeedsCommanderAndSeverity),
        new(Phase.Triage, Trigger.Cancel, Phase.Cancelled, "/incident cancel <reason>", "Cancel", NoGuard),
        new(Phase.Recovering, Trigger.Mitigated, Phase.Verifying, "/incident mitigated <what was done>", "Mitigated", NeedsMitigationNote),
        new(Phase.Verifying, Trigger.Verified, Phase.Reporting, "/incident verified", "Verified", NeedsPassingChecks),
        new(Phase.Verifying, Trigger.VerificationFailed, Phase.Recovering, "/incident verify-failed <what is still wrong>", "Verification failed", NeedsReason("what is still wrong", "/incident verify-failed <what is still wrong>")),
        new(Phase.Verifying, Trigger.Resolve, Phase.Reporting, "/incident resolve <reason to skip verification>", "Resolve (override)", NeedsCommanderOverride),
        new(Phase.Reporting, Trigger.Close, Phase.Closed, "/incident close --no-postmortem <reason>", "Close", NeedsPostmortemDecision),
        new(Phase.Reporting, Trigger.Reopen, Phase.Recovering, "/incident reopen <reason>", "Reopen", NeedsReason("why it is reopened", "/incident reopen <reason>")),
    ];

    public static IReadOnlyList<Transition> Transitions => Table;

    /// <summary>The triggers the incident's current phase allows, whether or not their guards pass yet.</summary>
    public static IReadOnlyList<Transition> Permitted(Phase phase) =>
        Array.FindAll(Table, t => t.From == phase);

    public static Transition? Find(Phase phase, Trigger trigger) =>
        Array.Find(Table, t => t.From == phase && t.Trigger == trigger);

    /// <summary>Checks a trigger against the table and its guard. Returns the transition, or why not.</summary>
    public static (Transition? Transition, Refusal? Refusal) Check(Incident incident, Trigger trigger, TriggerRequest request)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(request);
        var transition = Find(incident.Phase, trigger);
        if (transition is null)
        {
            return (null, NotFromHere(incident, trigger));
        }

        var refusal = transition.Guard(incident, request);
        return refusal is null ? (transition, null) : (null, refusal);
    }

    private static Refusal NotFromHere(Incident incident, Trigger trigger)
    {
        var sources = Array.FindAll(Table, t => t.Trigger == trigger).Select(t => t.From.Name()).Distinct();
        var problem = $"{incident.Id} is {incident.Phase.Name()}; {Describe(trigger)} is only possible from {string.Join(" or ", sources)}.";
        var next = Permitted(incident.Phase).Select(t => t.Command).ToArray();
        return next.Length == 0
            ? new Refusal(problem + $" {incident.Id} is finished and takes no more lifecycle commands.", "/incident start <title>")
            : new Refusal(problem, next);
    }

    public static string Describe(Trigger trigger) => trigger switch
    {
        Trigger.Declare => "declaring",
        Trigger.Dismiss => "dismissing",
        Trigger.Cancel => "cancelling",
        Trigger.StartRecovery => "starting recovery",
        Trigger.Mitigated => "marking it mitigated",
        Trigger.Verified => "confirming verification",
        Trigger.VerificationFailed => "failing verification",
        Trigger.Resolve => "resolving without verification",
        Trigger.Reopen => "reopening",
        Trigger.Close => "closing",
        _ => trigger.ToString(),
    };

    private static Refusal? NoGuard(Incident incident, TriggerRequest request) => null;

    private static Refusal? NeedsCommanderAndSeverity(Incident incident, TriggerRequest request)
    {
        var missing = new List<string>();
        var fixes = new List<string>();
        if (incident.Commander is null)
        {
            missing.Add("a commander");
            fixes.Add("/incident role commander me");
        }

        if (incident.Severity is null)
        {
            missing.Add("a severity");
            fixes.Add("/incident sev <1-4>");
        }

        return missing.Count == 0
            ? null
            : new Refusal($"{incident.Id} cannot start recovery yet: it needs {string.Join(" and ", missing)}.", fixes);
    }

    private static Refusal? NeedsPassingChecks(Incident incident, TriggerRequest request) =>
        VerificationDecider.Unpassed(incident);

    private static Refusal? NeedsMitigationNote(Incident incident, TriggerRequest request) =>
        string.IsNullOrWhiteSpace(request.Reason)
            ? new Refusal($"{incident.Id} needs a note of what was done before verification starts.", "/incident mitigated <what was done>")
            : null;

    private static Func<Incident, TriggerRequest, Refusal?> NeedsReason(string what, string command) =>
        (incident, request) => string.IsNullOrWhiteSpace(request.Reason)
            ? new Refusal($"Say {what}.", command)
            : null;

    private static Refusal? NeedsCommanderOverride(Incident incident, TriggerRequest request)
    {
        if (incident.Commander is null)
        {
            return new Refusal($"Only the commander can resolve {incident.Id} without verification, and it has none.", "/incident role commander me", "/incident verified");
        }

        if (!string.Equals(incident.Commander, request.Actor, StringComparison.OrdinalIgnoreCase))
        {
            return new Refusal($"Only the commander (@{incident.Commander}) can resolve {incident.Id} without verification. Anyone may confirm it instead.", "/incident verified");
        }

        return string.IsNullOrWhiteSpace(request.Reason)
            ? new Refusal("Skipping verification needs a reason for the record.", "/incident resolve <reason>")
            : null;
    }

    private static Refusal? NeedsPostmortemDecision(Incident incident, TriggerRequest request) =>
        incident.PostmortemStatus != Incidents.Events.PostmortemStatus.Published && incident.PostmortemWaivedReason is null && string.IsNullOrWhiteSpace(request.Reason)
            ? new Refusal(
                $"{incident.Id} needs a postmortem (it is {incident.PostmortemStatus.Name()}); it closes once the postmortem is published, or with the reason none is needed.",
                incident.PostmortemStatus.NextCommand(incident.Reviewers.Count > 0), "/incident close --no-postmortem <reason>")
            : null;

    /// <summary>The machine as a Mermaid state diagram; README.md shows exactly this text.</summary>
    public static string ToMermaid()
    {
        var text = new StringBuilder();
        text.Append("stateDiagram-v2\n");
        text.Append("    [*] --> Detected : alert or start --triage\n");
        text.Append("    [*] --> Triage : start\n");
        foreach (var t in Table)
        {
            text.Append("    ").Append(t.From).Append(" --> ").Append(t.To).Append(" : ").Append(Verb(t.Command)).Append('\n');
        }

        foreach (var phase in Enum.GetValues<Phase>().Where(p => p.IsFinished()))
        {
            text.Append("    ").Append(phase).Append(" --> [*]\n");
        }

        return text.ToString();
    }

    private static string Verb(string command) => command.Split(' ')[1];
}
