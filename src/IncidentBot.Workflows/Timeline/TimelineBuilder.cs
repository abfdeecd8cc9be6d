using System.Globalization;
using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Incidents.Events;
using IncidentBot.Workflows.Language;
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
                entries[index] = entries[index] with { SupersededBy = recorded.Sequence, CorrectedText = correction.Deleted ? EventWords.MessageDeleted : correction.Text, Deleted = correction.Deleted };
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

    /// <summary>The entry's line in the bot's language. English rows keep the stored API spellings (phases, roles).</summary>
    public static string Describe(IncidentEvent e) => e switch
    {
        IncidentOpened o => Say.T(
            $"Opened \"{o.Title}\"{(o.Severity is { } s ? " as " + s.Label() : "")} ({o.Source})",
            $"「{o.Title}」を{(o.Severity is { } js ? $" {js.Label()} で" : "")}開始（検知経路：{EventWords.Detection(o.Source)}）"),
        PhaseChanged p => Say.T(
            $"{p.From.Name()} → {p.To.Name()} ({IncidentLifecycle.Describe(p.Trigger)}){(p.Reason is null ? "" : ": " + p.Reason)}",
            $"{p.From.Label()} → {p.To.Label()}（{IncidentLifecycle.Describe(p.Trigger)}）{(p.Reason is null ? "" : "：" + EventWords.Reason(p.Reason))}"),
        SeverityChanged s => s.From is { } from
            ? Say.T($"Severity {from.Label()} → {s.To.Label()}", $"重要度 {from.Label()} → {s.To.Label()}")
            : Say.T($"Severity set to {s.To.Label()}", $"重要度を {s.To.Label()} に設定"),
        DetailChanged d => Say.T($"{d.Detail}: {d.Value}", $"{d.Detail.Label()}：{d.Value}"),
        RoleAssigned r => r.Previous is null
            ? Say.T($"@{r.User} is {r.Role.Name()}", $"@{r.User} が{r.Role.Label()}を担当")
            : Say.T($"{r.Role.Name()} handed over from @{r.Previous} to @{r.User}", $"{r.Role.Label()}を @{r.Previous} から @{r.User} に引き継ぎ"),
        RoleVacated r => Say.T($"@{r.User} is no longer {r.Role.Name()}", $"@{r.User} の{r.Role.Label()}の担当を解除"),
        WorkClaimed c => Say.T($"Claimed #{c.Claim}: {c.What}", $"担当作業 #{c.Claim} を登録：{c.What}"),
        ClaimEnded c => c.Outcome == ClaimOutcome.Done
            ? Say.T($"Done #{c.Claim}: {c.Finding}", $"担当作業 #{c.Claim} を完了：{c.Finding}")
            : Say.T($"Released #{c.Claim}", $"担当作業 #{c.Claim} の担当を解除"),
        HypothesisRaised h => Say.T($"Hypothesis #{h.Hypothesis}: {h.Text}", $"仮説 #{h.Hypothesis}：{h.Text}"),
        HypothesisTested h => Say.T($"Hypothesis #{h.Hypothesis} {h.Verdict.Label()}: {h.Evidence}", $"仮説 #{h.Hypothesis} は{h.Verdict.Label()}：{h.Evidence}"),
        NoteAdded n => n.Text,
        EntryCorrected { Deleted: true } c => Say.T($"Message #{c.Supersedes} deleted by its author", $"メッセージ #{c.Supersedes} を投稿者が削除"),
        EntryCorrected c => Say.T($"Correction of #{c.Supersedes}: {c.Text}", $"#{c.Supersedes} の訂正：{c.Text}"),
        WarRoomOpened w => Say.T($"War room #{w.Name} opened", $"対応チャンネル #{w.Name} を作成"),
        KeyEventMarked k => Say.T($"📌 #{k.Entry} marked as a key event", $"📌 #{k.Entry} を重要イベントに指定"),
        PostmortemWaived w => Say.T($"No postmortem required: {w.Reason}", $"ポストモーテム不要：{EventWords.WhyNoPostmortem(w.Reason)}"),
        FlagRaised { Flag: IncidentFlag.DataLoss } f => Say.T($"Data loss: {f.Note}", $"データ消失：{f.Note}"),
        FlagRaised f => Say.T($"Manual intervention: {f.Note}", $"手作業による介入：{f.Note}"),
        ReviewerAdded r => Say.T($"@{r.User} reviews the postmortem", $"@{r.User} がポストモーテムをレビュー"),
        PostmortemStatusChanged p => Say.T($"Postmortem {p.Status.Name()}", $"ポストモーテム：{p.Status.Label()}"),
        PostmortemSectionWritten w => Say.T($"Postmortem {w.Section} written: {w.Text}", $"ポストモーテムの「{EventWords.PostmortemSection(w.Section)}」を記入：{w.Text}"),
        PostmortemApproved => Say.T("Approved the postmortem", "ポストモーテムを承認"),
        ImpactWindowSet { None: true } => Say.T("Users were not affected", "ユーザーへの影響なし"),
        ImpactWindowSet w => Impact(w),
        ActionItemTicketLinked t => Say.T($"Action #{t.Item} filed as {t.Ticket}: {t.Url}", $"アクションアイテム #{t.Item} を {t.Ticket} として起票：{t.Url}"),
        SupportCaseDrafted s => Say.T($"Drafted a support case: {s.Subject}", $"サポートケースを下書き：{s.Subject}"),
        DetectionRecorded d => Say.T(
            $"Detected by {d.Source}{(d.How is null ? "" : ": " + d.How)}",
            $"検知経路：{EventWords.Detection(d.Source)}{(d.How is null ? "" : $"（{d.How}）")}"),
        ActionItemAdded a => Say.T(
            $"Action #{a.Item}: {a.Text} (@{a.Owner}, due {a.Due:yyyy-MM-dd})",
            $"アクションアイテム #{a.Item}：{a.Text}（@{a.Owner}、期限 {a.Due:yyyy-MM-dd}）"),
        ActionItemEnded a => a.Done
            ? Say.T($"Action #{a.Item} done{(a.Note is null ? "" : ": " + a.Note)}", $"アクションアイテム #{a.Item} を完了{(a.Note is null ? "" : "：" + EventWords.ActionNote(a.Note))}")
            : Say.T($"Action #{a.Item} cancelled{(a.Note is null ? "" : ": " + a.Note)}", $"アクションアイテム #{a.Item} を取り消し{(a.Note is null ? "" : "：" + EventWords.ActionNote(a.Note))}"),
        ReminderSent r => Say.T("Reminder: ", "リマインダー：") + r.Text,
        RunbookAttached r => Say.T($"Runbook {r.Runbook} attached: {r.Title} ({r.Steps.Count} steps)", $"Runbook {r.Runbook} を開始：{r.Title}（手順 {r.Steps.Count} 件）"),
        RunbookStepAnswered a => Say.T(
            $"Runbook {a.Runbook} step {a.Step}: {a.Answer.ToString().ToLowerInvariant()}{(a.Note is null ? "" : ": " + a.Note)}",
            $"Runbook {a.Runbook} の手順 {a.Step}：{a.Answer.Label()}{(a.Note is null ? "" : $"（{a.Note}）")}"),
        RunbooksProposed p => Say.T(
            "Runbooks proposed: " + string.Join(", ", p.Proposals.Select(r => $"{r.Runbook} ({string.Join("; ", r.Reasons)})")),
            "Runbook の提案：" + string.Join("、", p.Proposals.Select(r => $"{r.Runbook}（{string.Join("、", r.Reasons)}）"))),
        CheckAdded c => Say.T(
            $"Verification check #{c.Check} added ({c.Source}): {c.Condition}",
            $"確認項目 #{c.Check} を追加（{EventWords.CheckSource(c.Source)}）：{c.Condition}"),
        CheckRemoved c => Say.T($"Verification check #{c.Check} removed: {c.Reason}", $"確認項目 #{c.Check} を削除：{c.Reason}"),
        CheckEvaluated c => Chat.VerificationMessages.Describe(c),
        ChecksRestarted => Say.T("Verification checks restarted", "確認項目の読み取りを再開"),
        MetricSnapshotTaken m => Chat.VerificationMessages.Describe(m),
        AlertsReceived a => Alerts(a),
        _ => e.Kind,
    };

    /// <summary><c>Users affected from 2026-01-31 12:05 +09:00 to 2026-01-31 12:45 +09:00</c>.</summary>
    private static string Impact(ImpactWindowSet w)
    {
        var from = w.From?.ToString("yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture);
        var to = w.To?.ToString("yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture);
        var ja = string.Join(" ", new[] { from is null ? null : from + " から", to is null ? null : to + " まで" }.OfType<string>());
        return Say.T(
            from is null && to is null ? "Users affected" : $"Users affected {(from is null ? "" : "from " + from)}{(to is null ? "" : " to " + to)}",
            ja.Length == 0 ? "ユーザーへの影響あり" : "ユーザーへの影響：" + ja);
    }

    /// <summary><c>3 alerts: HighErrorRate (api-1:8080) firing, HighErrorRate (api-2:8080) resolved, …and 1 more</c>.</summary>
    private static string Alerts(AlertsReceived received)
    {
        var count = received.Alerts.Count;
        var left = received.Unlisted?.Values.Sum() ?? 0;
        if (count == 0)
        {
            return left > 0
                ? Say.T($"Alerts: {left} not listed by the sender", $"アラート：送信元が一覧に含めていないもの {left} 件")
                : Say.T("Alerts: the sender lists them all again", "アラート：送信元が再びすべてを一覧に含めています");
        }

        var named = string.Join(
            Say.T(", ", "、"),
            received.Alerts.Take(3).Select(a => $"{Chat.AlertText.Name(a)} {(a.Status == Workflows.Alerts.AlertStatus.Firing ? Say.T("firing", "発火中") : Say.T("resolved", "解決済み"))}"));
        var more = count > 3 ? Say.T($", …and {count - 3} more", $"、…ほか {count - 3} 件") : "";
        var unlisted = left > 0 ? Say.T($" ({left} more not listed by the sender)", $"（ほかに送信元が一覧に含めていないもの {left} 件）") : "";
        return Say.T($"{count} alert{(count == 1 ? "" : "s")}: ", $"アラート {count} 件：") + named + more + unlisted;
    }
}
