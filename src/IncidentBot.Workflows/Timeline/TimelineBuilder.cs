using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Incidents.Events;
using IncidentBot.Workflows.Lifecycle;

namespace IncidentBot.Workflows.Timeline;

/// <summary>Turns an incident's events into its timeline: every event is an entry, ordered by when it happened.</summary>
public static class TimelineBuilder
{
    public static IReadOnlyList<TimelineEntry> Build(IEnumerable<RecordedEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var entries = new List<TimelineEntry>();
        var bySequence = new Dictionary<long, int>();
        foreach (var recorded in events)
        {
            var e = recorded.Event;
            var entry = new TimelineEntry(recorded.Sequence, e.At, e.At, e.Actor, e.Kind, Describe(e));
            if (e is NoteAdded note)
            {
                entry = entry with { OccurredAt = note.OccurredAt, Backdated = note.Backdated, Link = note.Link };
            }
            else if (e is EntryCorrected correction && bySequence.TryGetValue(correction.Supersedes, out var index))
            {
                entries[index] = entries[index] with { SupersededBy = recorded.Sequence, CorrectedText = correction.Text, Deleted = correction.Deleted };
            }
            else if (e is KeyEventMarked key && bySequence.TryGetValue(key.Entry, out var pinned))
            {
                entries[pinned] = entries[pinned] with { Key = true };
            }

            bySequence[recorded.Sequence] = entries.Count;
            entries.Add(entry);
        }

        // Stable: entries that happened at the same moment keep the order they were recorded in.
        return [.. entries.OrderBy(e => e.OccurredAt)];
    }

    public static string Describe(IncidentEvent e) => e switch
    {
        IncidentOpened o => $"Opened \"{o.Title}\"{(o.Severity is { } s ? " as " + s.Label() : "")} ({o.Source})",
        PhaseChanged p => $"{p.From.Name()} → {p.To.Name()} ({IncidentLifecycle.Describe(p.Trigger)}){(p.Reason is null ? "" : ": " + p.Reason)}",
        SeverityChanged s => s.From is { } from ? $"Severity {from.Label()} → {s.To.Label()}" : $"Severity set to {s.To.Label()}",
        DetailChanged d => $"{d.Detail}: {d.Value}",
        RoleAssigned r => r.Previous is null ? $"@{r.User} is {r.Role.Name()}" : $"{r.Role.Name()} handed over from @{r.Previous} to @{r.User}",
        RoleVacated r => $"@{r.User} is no longer {r.Role.Name()}",
        WorkClaimed c => $"Claimed #{c.Claim}: {c.What}",
        ClaimEnded c => c.Outcome == ClaimOutcome.Done ? $"Done #{c.Claim}: {c.Finding}" : $"Released #{c.Claim}",
        HypothesisRaised h => $"Hypothesis #{h.Hypothesis}: {h.Text}",
        HypothesisTested h => $"Hypothesis #{h.Hypothesis} {Verdict(h.Verdict)}: {h.Evidence}",
        NoteAdded n => n.Text,
        EntryCorrected { Deleted: true } c => $"Message #{c.Supersedes} deleted by its author",
        EntryCorrected c => $"Correction of #{c.Supersedes}: {c.Text}",
        WarRoomOpened w => $"War room #{w.Name} opened",
        KeyEventMarked k => $"📌 #{k.Entry} marked as a key event",
        PostmortemWaived w => $"No postmortem required: {w.Reason}",
        FlagRaised f => $"{(f.Flag == IncidentFlag.DataLoss ? "Data loss" : "Manual intervention")}: {f.Note}",
        ReviewerAdded r => $"@{r.User} reviews the postmortem",
        PostmortemStatusChanged p => $"Postmortem {p.Status.Name()}",
        PostmortemSectionWritten w => $"Postmortem {w.Section} written: {w.Text}",
        PostmortemApproved => "Approved the postmortem",
        ImpactWindowSet { None: true } => "Users were not affected",
        ImpactWindowSet w => $"Users affected {(w.From is { } f ? "from " + f.ToString("yyyy-MM-dd HH:mm zzz", System.Globalization.CultureInfo.InvariantCulture) : "")}{(w.To is { } t ? " to " + t.ToString("yyyy-MM-dd HH:mm zzz", System.Globalization.CultureInfo.InvariantCulture) : "")}".TrimEnd(),
        ActionItemTicketLinked t => $"Action #{t.Item} filed as {t.Ticket}: {t.Url}",
        SupportCaseDrafted s => $"Drafted a support case: {s.Subject}",
        DetectionRecorded d => $"Detected by {d.Source}{(d.How is null ? "" : ": " + d.How)}",
        ActionItemAdded a => $"Action #{a.Item}: {a.Text} (@{a.Owner}, due {a.Due:yyyy-MM-dd})",
        ActionItemEnded a => $"Action #{a.Item} {(a.Done ? "done" : "cancelled")}{(a.Note is null ? "" : ": " + a.Note)}",
        ReminderSent r => "Reminder: " + r.Text,
        RunbookAttached r => $"Runbook {r.Runbook} attached: {r.Title} ({r.Steps.Count} steps)",
        RunbookStepAnswered a => $"Runbook {a.Runbook} step {a.Step}: {a.Answer.ToString().ToLowerInvariant()}{(a.Note is null ? "" : ": " + a.Note)}",
        RunbooksProposed p => "Runbooks proposed: " + string.Join(", ", p.Proposals.Select(r => $"{r.Runbook} ({string.Join("; ", r.Reasons)})")),
        CheckAdded c => $"Verification check #{c.Check} added ({c.Source}): {c.Condition}",
        CheckRemoved c => $"Verification check #{c.Check} removed: {c.Reason}",
        CheckEvaluated c => Chat.VerificationMessages.Describe(c),
        ChecksRestarted => "Verification checks restarted",
        MetricSnapshotTaken m => Chat.VerificationMessages.Describe(m),
        AlertsReceived a => Alerts(a),
        _ => e.Kind,
    };

    /// <summary><c>3 alerts: HighErrorRate (api-1:8080) firing, HighErrorRate (api-2:8080) resolved, …and 1 more</c>.</summary>
    private static string Alerts(AlertsReceived received)
    {
        var named = received.Alerts.Take(3).Select(a => $"{Chat.AlertText.Name(a)} {(a.Status == Workflows.Alerts.AlertStatus.Firing ? "firing" : "resolved")}");
        var more = received.Alerts.Count > 3 ? $", …and {received.Alerts.Count - 3} more" : "";
        var left = received.Unlisted?.Values.Sum() ?? 0;
        var unlisted = left > 0 ? $" ({left} more not listed by the sender)" : "";
        return received.Alerts.Count == 0
            ? left > 0 ? $"Alerts: {left} not listed by the sender" : "Alerts: the sender lists them all again"
            : $"{received.Alerts.Count} alert{(received.Alerts.Count == 1 ? "" : "s")}: {string.Join(", ", named)}{more}{unlisted}";
    }

    private static string Verdict(HypothesisVerdict verdict) => verdict switch
    {
        HypothesisVerdict.Confirmed => "confirmed",
        HypothesisVerdict.RuledOut => "ruled out",
        _ => "reopened",
    };
}
