namespace IncidentBot.Workflows.Commands;

/// <summary>The command language, one verb a row. Help, usage and "did you mean" are read from here.</summary>
public static class Verbs
{
    public static readonly IReadOnlyList<VerbSpec> All =
    [
        new("start", "/incident start [sev1-4] [--triage] <title>", "Open an incident (declared, in triage; with --triage it waits in detected for someone to declare it).", "open", "new") { Global = true },
        new("declare", "/incident declare", "Declare a detected incident: it moves to triage."),
        new("dismiss", "/incident dismiss [reason]", "Dismiss a detected incident that is not one (a false alarm)."),
        new("sev", "/incident sev <1-4>", "Set or change the severity (also /incident sev2).", "severity"),
        new("title", "/incident title <new title>", "Rename the incident."),
        new("summary", "/incident summary <text>", "Say what is going on, in a sentence or two."),
        new("impact", "/incident impact <what users see> [--from 12:05] [--to 12:45] | none[: why]", "Record the user impact and when users were affected (the postmortem's downtime comes from this alone), or that they were not."),
        new("detected-by", "/incident detected-by monitoring|person|customer|provider [how]", "Say how the incident was detected; the postmortem asks until someone does (an alert that opened it counts as monitoring)."),
        new("services", "/incident services <service>[, <service>...]", "Set the affected services.", "service"),
        new("role", "/incident role <commander|comms|scribe|investigator> <@user|me|none>", "Give a role to someone (a handover when someone had it). Investigators: add --remove to take one off."),
        new("claim", "/incident claim <what you will do>", "Put work on the board as yours, so nobody does it twice."),
        new("release", "/incident release [#claim]", "Give up a claim so someone else can take it."),
        new("done", "/incident done [#claim] <what you found>", "Finish a claim with its finding."),
        new("hypothesis", "/incident hypothesis <text> | confirm #n <evidence> | rule-out #n <evidence>", "Track a hypothesis and what confirmed or ruled it out.", "hypo", "h"),
        new("note", "/incident note [--at 12:22] <text>", "Add an entry to the timeline, backdated with --at (the backdating is recorded).", "log"),
        new("correct", "/incident correct #<entry> <corrected text>", "Correct a timeline entry: the correction supersedes it, the original stays."),
new("runbook", "/incident runbook [<id>]", "Start a runbook and show its current step; without an id, the progress of running runbooks or the ones that fit."),
        new("step", "/incident step <done|failed|skip|approve> [<runbook>#<n>] [note]", "Answer the current runbook step (failed and skip need a note; approve is the commander's, for destructive steps)."),
        new("check", VerificationDecider.Usage, "Verification checks on metrics, read against CloudWatch while verifying: list them, add one (`AWS/RDS CPUUtilization DBInstanceIdentifier=prod-db < 70 for 10m`), remove one with a reason, or read timed-out ones again.", "checks"),
        new("support-case", "/incident support-case", "Draft a cloud support inquiry from the incident's own facts.", "support"),
        new("recover", "/incident recover", "Start recovery (needs a commander and a severity).", "recovering"),
        new("mitigated", "/incident mitigated <what was done>", "The fix is in: start verifying it.", "mitigate"),
        new("verified", "/incident verified [note]", "Confirm the fix held for users (its verification checks must pass): you become the verifier, the incident moves to reporting.", "verify"),
        new("verify-failed", "/incident verify-failed <what is still wrong>", "Verification failed: back to recovering.", "unverified", "failed"),
        new("resolve", "/incident resolve <reason>", "Commander only: move to reporting without verification, with the reason.", "resolved"),
        new("reopen", "/incident reopen <reason>", "It came back: from reporting to recovering."),
        new("close", "/incident close [--no-postmortem <reason>]", "Close the incident once the postmortem is settled.", "closed"),
        new("cancel", "/incident cancel [reason]", "Cancel an incident in triage that turned out not to be one."),
        new("postmortem", "/incident postmortem [write <section> <text>|review|approve|publish]", "Regenerate the draft (required or not, and why; blame to reword; where to read it), write a section in your words (summary, impact, root-cause, trigger, detection, went-well, went-badly, lucky, notes; n/a <reason> when one does not apply), or move it draft → in review → approved → published.", "pm"),
        new("reviewer", "/incident reviewer @user [@user...]", "Ask people to review the postmortem.", "reviewers"),
        new("action", "/incident action <what> @owner due 2026-02-01 | done #n [note] | cancel #n <reason>", "Track follow-up work with an owner and a due date."),
        new("actions", "/incident actions", "List open action items across incidents, overdue first.") { Global = true },
        new("flag", "/incident flag <data-loss|manual> <what happened>", "Record data loss, or a manual intervention (rollback, data patch): both make a postmortem required."),
        new("status", "/incident status", "Show the incident card.", "show", "info"),
        new("timeline", "/incident timeline", "Show the timeline."),
        new("list", "/incident list [--all]", "List the open incidents (with --all, finished ones too).", "ls") { Global = true },
        new("help", "/incident help [verb]", "Show the commands, or one verb's usage.", "?") { Global = true },
    ];

    public static VerbSpec? Find(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        var lower = word.ToLowerInvariant();
        foreach (var verb in All)
        {
            if (verb.Name == lower || verb.Aliases.Contains(lower))
            {
                return verb;
            }
        }

        return null;
    }

    /// <summary>The verb nearest to a mistyped word: a prefix first, else the smallest edit distance.</summary>
    public static VerbSpec Closest(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        var lower = word.ToLowerInvariant();
        var prefixed = All.FirstOrDefault(v => lower.Length >= 2 && v.Name.StartsWith(lower, StringComparison.Ordinal));
        if (prefixed is not null)
        {
            return prefixed;
        }

        return All
            .SelectMany(v => v.Aliases.Prepend(v.Name).Select(name => (Verb: v, Distance: EditDistance(lower, name))))
            .MinBy(x => x.Distance).Verb;
    }

    internal static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
