using System.Text;
using IncidentBot.Workflows.Commands;
using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Language;

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
        new(Phase.Detected, Trigger.Declare, Phase.Triage, "/incident declare", new Words("Declare", "宣言"), NoGuard),
        new(Phase.Detected, Trigger.Dismiss, Phase.Dismissed, "/incident dismiss <reason>", new Words("Dismiss", "誤検知として却下"), NoGuard),
        new(Phase.Triage, Trigger.StartRecovery, Phase.Recovering, "/incident recover", new Words("Start recovery", "復旧対応を開始"), NeedsCommanderAndSeverity),
        new(Phase.Triage, Trigger.Cancel, Phase.Cancelled, "/incident cancel <reason>", new Words("Cancel", "取り消し"), NoGuard),
        new(Phase.Recovering, Trigger.Mitigated, Phase.Verifying, "/incident mitigated <what was done>", new Words("Mitigated", "緩和済み"), NeedsMitigationNote),
        new(Phase.Verifying, Trigger.Verified, Phase.Reporting, "/incident verified", new Words("Verified", "復旧を確認"), NeedsPassingChecks),
        new(Phase.Verifying, Trigger.VerificationFailed, Phase.Recovering, "/incident verify-failed <what is still wrong>", new Words("Verification failed", "復旧確認に失敗"), NeedsReason(new Words("Say what is still wrong.", "まだ何が問題なのかを書いてください。"), "/incident verify-failed <what is still wrong>")),
        new(Phase.Verifying, Trigger.Resolve, Phase.Reporting, "/incident resolve <reason to skip verification>", new Words("Resolve (override)", "解決（復旧確認を省略）"), NeedsCommanderOverride),
        new(Phase.Reporting, Trigger.Close, Phase.Closed, "/incident close --no-postmortem <reason>", new Words("Close", "クローズ"), NeedsPostmortemDecision),
        new(Phase.Reporting, Trigger.Reopen, Phase.Recovering, "/incident reopen <reason>", new Words("Reopen", "再オープン"), NeedsReason(new Words("Say why it is reopened.", "再オープンする理由を書いてください。"), "/incident reopen <reason>")),
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
        var sources = Array.FindAll(Table, t => t.Trigger == trigger).Select(t => t.From).Distinct().ToList();
        var problem = Say.T(
            $"{incident.Id} is {incident.Phase.Name()}; {Describe(trigger)} is only possible from {string.Join(" or ", sources.Select(p => p.Name()))}.",
            $"{incident.Id} は現在「{incident.Phase.Label()}」です。{Describe(trigger)}は「{string.Join("」または「", sources.Select(p => p.Label()))}」からのみ行えます。");
        var next = Permitted(incident.Phase).Select(t => t.Command).ToArray();
        return next.Length == 0
            ? new Refusal(problem + Say.T($" {incident.Id} is finished and takes no more lifecycle commands.", $"{incident.Id} は終了しているため、ライフサイクルのコマンドはもう受け付けません。"), "/incident start <title>")
            : new Refusal(problem, next);
    }

    /// <summary>The trigger as the name of an act, in the bot's language: "starting recovery", 「復旧対応の開始」.</summary>
    public static string Describe(Trigger trigger) => trigger switch
    {
        Trigger.Declare => Say.T("declaring", "宣言"),
        Trigger.Dismiss => Say.T("dismissing", "誤検知としての却下"),
        Trigger.Cancel => Say.T("cancelling", "取り消し"),
        Trigger.StartRecovery => Say.T("starting recovery", "復旧対応の開始"),
        Trigger.Mitigated => Say.T("marking it mitigated", "緩和済みの記録"),
        Trigger.Verified => Say.T("confirming verification", "復旧確認の完了"),
        Trigger.VerificationFailed => Say.T("failing verification", "復旧確認の失敗"),
        Trigger.Resolve => Say.T("resolving without verification", "復旧確認なしでの解決"),
        Trigger.Reopen => Say.T("reopening", "再オープン"),
        Trigger.Close => Say.T("closing", "クローズ"),
        _ => trigger.ToString(),
    };

    private static Refusal? NoGuard(Incident incident, TriggerRequest request) => null;

    private static Refusal? NeedsCommanderAndSeverity(Incident incident, TriggerRequest request)
    {
        var missing = new List<Words>();
        var fixes = new List<string>();
        if (incident.Commander is null)
        {
            missing.Add(new Words("a commander", "インシデントコマンダー"));
            fixes.Add("/incident role commander me");
        }

        if (incident.Severity is null)
        {
            missing.Add(new Words("a severity", "重要度"));
            fixes.Add("/incident sev <1-4>");
        }

        return missing.Count == 0
            ? null
            : new Refusal(
                Say.T(
                    $"{incident.Id} cannot start recovery yet: it needs {string.Join(" and ", missing.Select(m => m.En))}.",
                    $"{incident.Id} はまだ復旧対応を開始できません。{string.Join("と", missing.Select(m => m.Ja))}が必要です。"),
                fixes);
    }

    private static Refusal? NeedsPassingChecks(Incident incident, TriggerRequest request) =>
        VerificationDecider.Unpassed(incident);

    private static Refusal? NeedsMitigationNote(Incident incident, TriggerRequest request) =>
        string.IsNullOrWhiteSpace(request.Reason)
            ? new Refusal(
                Say.T($"{incident.Id} needs a note of what was done before verification starts.", $"復旧確認を始める前に、{incident.Id} で実施した対処のメモが必要です。"),
                "/incident mitigated <what was done>")
            : null;

    private static Func<Incident, TriggerRequest, Refusal?> NeedsReason(Words ask, string command) =>
        (incident, request) => string.IsNullOrWhiteSpace(request.Reason)
            ? new Refusal(ask, command)
            : null;

    private static Refusal? NeedsCommanderOverride(Incident incident, TriggerRequest request)
    {
        if (incident.Commander is null)
        {
            return new Refusal(
                Say.T(
                    $"Only the commander can resolve {incident.Id} without verification, and it has none.",
                    $"{incident.Id} を復旧確認なしで解決できるのはインシデントコマンダーだけですが、インシデントコマンダーがまだいません。"),
                "/incident role commander me",
                "/incident verified");
        }

        if (!string.Equals(incident.Commander, request.Actor, StringComparison.OrdinalIgnoreCase))
        {
            return new Refusal(
                Say.T(
                    $"Only the commander (@{incident.Commander}) can resolve {incident.Id} without verification. Anyone may confirm it instead.",
                    $"{incident.Id} を復旧確認なしで解決できるのはインシデントコマンダー（@{incident.Commander}）だけです。復旧の確認なら誰でも行えます。"),
                "/incident verified");
        }

        return string.IsNullOrWhiteSpace(request.Reason)
            ? new Refusal(Say.T("Skipping verification needs a reason for the record.", "復旧確認を省略するには、記録に残す理由が必要です。"), "/incident resolve <reason>")
            : null;
    }

    private static Refusal? NeedsPostmortemDecision(Incident incident, TriggerRequest request) =>
        incident.PostmortemStatus != Incidents.Events.PostmortemStatus.Published && incident.PostmortemWaivedReason is null && string.IsNullOrWhiteSpace(request.Reason)
            ? new Refusal(
                Say.T(
                    $"{incident.Id} needs a postmortem (it is {incident.PostmortemStatus.Name()}); it closes once the postmortem is published, or with the reason none is needed.",
                    $"{incident.Id} にはポストモーテムが必要です（現在は{incident.PostmortemStatus.Label()}です）。ポストモーテムを公開するか、不要な理由を添えるとクローズできます。"),
                incident.PostmortemStatus.NextCommand(incident.Reviewers.Count > 0), "/incident close --no-postmortem <reason>")
            : null;

    /// <summary>The machine as a Mermaid state diagram; README.md shows exactly this text.</summary>
    public static string ToMermaid()
    {
        var text = new StringBuilder();
        text.Append("stateDiagram-v2\n");
        // The diagram is README.md's, for people who read the code: it stays English.
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
