using System.Globalization;
using IncidentBot.Workflows.Chat;
using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Incidents.Events;
using IncidentBot.Workflows.Language;
using IncidentBot.Workflows.Postmortems;

namespace IncidentBot.Workflows.Commands;

/// <summary>Decides the postmortem's review (reviewer, review, approve, publish) and action items.</summary>
public static class PostmortemDecider
{
    public static Decision Reviewer(Incident incident, ParsedCommand command, CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(context);
        var users = command.Args.Select(a => Mention.Resolve(a.Text, context.Actor)).ToList();
        if (users.Count == 0 || users.Any(u => u is null))
        {
            return Decision.Refuse(command.Usage(Say.T("Name the reviewers as @name or me.", "レビュアーを @name か me で指定してください。")));
        }

        if (users.FirstOrDefault(u => PostmortemSections.Authors(incident).Contains(u!)) is { } author)
        {
            return Decision.Refuse(new Refusal(
                Say.T(
                    $"@{author} had a hand in this postmortem (leading the response or writing part of it), and nobody reviews their own postmortem: name someone who did not.",
                    $"@{author} はこのポストモーテムに関わっています（対応の指揮、または一部の執筆）。自分のポストモーテムはレビューできないため、関わっていない人を指定してください。"),
                "/incident reviewer @name"));
        }

        var added = users.Distinct(StringComparer.OrdinalIgnoreCase).Where(u => !incident.Reviewers.Contains(u!, StringComparer.OrdinalIgnoreCase))
            .Select(u => (IncidentEvent)new ReviewerAdded { Actor = context.Actor, At = context.Now, User = u! }).ToArray();
        return added.Length == 0
            ? Decision.Answer(IncidentDecider.Aside(Say.T(
                $"Already reviewing: {string.Join(", ", incident.Reviewers.Select(r => "@" + r))}.",
                $"すでにレビュアーです：{string.Join("、", incident.Reviewers.Select(r => "@" + r))}。")))
            : Decision.Record(
                IncidentDecider.Said(Say.T(
                    $"Postmortem reviewers: {string.Join(", ", users.Distinct().Select(u => "@" + u))}. When the draft is ready: `/incident postmortem review`.",
                    $"ポストモーテムのレビュアー：{string.Join("、", users.Distinct().Select(u => "@" + u))}。下書きができたら `/incident postmortem review` を実行してください。")),
                added);
    }

    public static Decision Postmortem(Incident incident, ParsedCommand command, CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(context);
        if (incident.Phase is not (Phase.Reporting or Phase.Closed))
        {
            return Decision.Refuse(new Refusal(
                Say.T(
                    $"{incident.Id} is {incident.Phase.Name()}; its postmortem is reviewed once it reaches reporting.",
                    $"{incident.Id} は「{incident.Phase.Label()}」の状態です。ポストモーテムのレビューは「{Phase.Reporting.Label()}」になってから行います。"),
                "/incident postmortem"));
        }

        var (from, to, check) = command.Args[0].Text.ToLowerInvariant() switch
        {
            "review" => (PostmortemStatus.Draft, PostmortemStatus.InReview, incident.Reviewers.Count == 0 ? new Refusal(Say.T("Name a reviewer first.", "先にレビュアーを指定してください。"), "/incident reviewer @name") : null),
            "approve" => (PostmortemStatus.InReview, PostmortemStatus.Approved, incident.PostmortemStatus == PostmortemStatus.InReview ? PostmortemWriting.CannotApprove(incident, context.Actor) : null),
            "publish" => (PostmortemStatus.Approved, PostmortemStatus.Published, incident.PostmortemStatus == PostmortemStatus.Approved ? PostmortemWriting.CannotPublish(incident, context.Postmortems) : null),
            _ => (PostmortemStatus.Draft, PostmortemStatus.Draft, command.Usage(Say.T($"`{command.Args[0].Text}` is not review, approve or publish.", $"`{command.Args[0].Text}` は review、approve、publish のどれでもありません。"))),
        };
        if (check is not null)
        {
            return Decision.Refuse(check);
        }

        if (incident.PostmortemStatus != from)
        {
            return Decision.Refuse(new Refusal(
                Say.T(
                    $"The postmortem is {incident.PostmortemStatus.Name()}; it goes draft → in review → approved → published.",
                    $"ポストモーテムは「{incident.PostmortemStatus.Label()}」です。下書き → レビュー中 → 承認済み → 公開済み の順に進みます。"),
                incident.PostmortemStatus.NextCommand(incident.Reviewers.Count > 0)));
        }

        var text = Say.T($"@{context.Actor}: postmortem {from.Name()} → {to.Name()}.", $"@{context.Actor} がポストモーテムを進めました：{from.Label()} → {to.Label()}。");
        if (to == PostmortemStatus.InReview)
        {
            // The review is where blame is reworded: say it now, while the authors are still writing.
            var warnings = BlamelessCheck.Find(incident.Hypotheses.Select(h => h.Text).Concat(incident.Claims.Select(c => c.Finding ?? "")), context.Postmortems.Locale);
            text += Say.T(
                    $" Reviewers: {string.Join(", ", incident.Reviewers.Select(r => "@" + r))}, read /api/incidents/{incident.Id}/postmortem?format=html and `/incident postmortem approve`.",
                    $"レビュアー（{string.Join("、", incident.Reviewers.Select(r => "@" + r))}）は /api/incidents/{incident.Id}/postmortem?format=html を読んで、`/incident postmortem approve` を実行してください。")
                + string.Concat(warnings.Select(w => Say.T("\nBlameless: ", "\nブレームレス：") + w));
        }

        if (to == PostmortemStatus.Published && context.Postmortems.PublishDirectory is not null)
        {
            text += Say.T($" Its final text goes to the publish folder as {incident.Id}.md.", $"最終版は {incident.Id}.md として公開フォルダーに出力されます。");
        }

        if (to == PostmortemStatus.Approved)
        {
            return PostmortemWriting.Approve(incident, context);
        }

        return Decision.Record(IncidentDecider.Said(text), new PostmortemStatusChanged { Actor = context.Actor, At = context.Now, Status = to });
    }

    public static Decision Action(Incident incident, ParsedCommand command, CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(context);
        var first = command.Args.Count > 0 && !command.Args[0].Quoted ? command.Args[0].Text.ToLowerInvariant() : "";
        if (first is "done" or "cancel")
        {
            return EndAction(incident, command, context, done: first == "done");
        }

        string? owner = null;
        DateOnly? due = null;
        var words = new List<Token>();
        for (var i = 0; i < command.Args.Count; i++)
        {
            var arg = command.Args[i];
            if (!arg.Quoted && arg.Text.Equals("due", StringComparison.OrdinalIgnoreCase) && i + 1 < command.Args.Count)
            {
                if (!DateOnly.TryParseExact(command.Args[++i].Text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                {
                    return Decision.Refuse(command.Usage(Say.T($"`{command.Args[i].Text}` is not a date: write due 2026-02-01.", $"`{command.Args[i].Text}` は日付ではありません。due 2026-02-01 の形で書いてください。")));
                }

                due = date;
            }
            else if (owner is null && !arg.Quoted && (arg.Text.StartsWith('@') || arg.Text.Equals("me", StringComparison.OrdinalIgnoreCase)))
            {
                owner = Mention.Resolve(arg.Text, context.Actor);
            }
            else
            {
                words.Add(arg);
            }
        }

        var text = new ParsedCommand(command.Verb, null, command.Flags, words).Rest;
        if (text.Length == 0 || owner is null || due is null)
        {
            var missing = text.Length == 0 ? Say.T("An action item needs what to do.", "アクションアイテムにはやることが必要です。")
                : owner is null ? Say.T("An action item needs an owner (@name).", "アクションアイテムには担当者（@name）が必要です。")
                : Say.T("An action item needs a due date (due 2026-02-01).", "アクションアイテムには期限（due 2026-02-01）が必要です。");
            return Decision.Refuse(command.Usage(missing));
        }

        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(context.Now, context.Zone).DateTime);
        if (due < today)
        {
            return Decision.Refuse(command.Usage(Say.T($"{due:yyyy-MM-dd} has already passed.", $"{due:yyyy-MM-dd} はすでに過ぎています。")));
        }

        var number = incident.ActionItems.Count + 1;
        return Decision.Record(
            IncidentDecider.Said(Say.T($"Action #{number}: {text} — @{owner}, due {due:yyyy-MM-dd}.", $"アクションアイテム #{number}：{text} — 担当者 @{owner}、期限 {due:yyyy-MM-dd}。")),
            new ActionItemAdded { Actor = context.Actor, At = context.Now, Item = number, Text = text, Owner = owner, Due = due.Value });
    }

    private static Decision EndAction(Incident incident, ParsedCommand command, CommandContext context, bool done)
    {
        var number = command.Args.Count > 1 && int.TryParse(command.Args[1].Text.TrimStart('#'), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : (int?)null;
        var item = incident.ActionItems.FirstOrDefault(a => a.Number == number);
        var note = command.JoinFrom(2);
        if (item is null)
        {
            return Decision.Refuse(new Refusal(
                incident.ActionItems.Count == 0
                    ? Say.T($"{incident.Id} has no action items.", $"{incident.Id} にはアクションアイテムがありません。")
                    : Say.T(
                        $"Name the action item by number ({string.Join(", ", incident.ActionItems.Select(a => $"#{a.Number}"))}).",
                        $"アクションアイテムを番号で指定してください（{string.Join("、", incident.ActionItems.Select(a => $"#{a.Number}"))}）。"),
                $"/incident action {(done ? "done" : "cancel")} #1"));
        }

        if (!item.IsOpen)
        {
            return Decision.Refuse(new Refusal(
                Say.T(
                    $"Action #{item.Number} is already {(item.Done == true ? "done" : "cancelled")}.",
                    $"アクションアイテム #{item.Number} はすでに{(item.Done == true ? "完了" : "取り消し")}済みです。"),
                "/incident actions"));
        }

        if (!done && note.Length == 0)
        {
            return Decision.Refuse(command.Usage(Say.T("Say why the action item is cancelled.", "アクションアイテムを取り消す理由を書いてください。")));
        }

        return Decision.Record(
            IncidentDecider.Said(Say.T(
                $"@{context.Actor}: action #{item.Number} {(done ? "done" : "cancelled")}{(note.Length == 0 ? "" : ": " + note)}.",
                $"@{context.Actor} がアクションアイテム #{item.Number} を{(done ? "完了" : "取り消し")}にしました{(note.Length == 0 ? "" : "：" + note)}。")),
            new ActionItemEnded { Actor = context.Actor, At = context.Now, Item = item.Number, Done = done, Note = note.Length == 0 ? null : note });
    }

    /// <summary>Open action items across incidents, overdue first.</summary>
    public static BotMessage OpenActions(IEnumerable<Incident> incidents, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(incidents);
        var open = incidents.SelectMany(i => i.ActionItems.Where(a => a.IsOpen).Select(a => (Incident: i.Id, Item: a)))
            .OrderBy(x => x.Item.Due).ThenBy(x => x.Incident.Number).ToList();
        return new BotMessage
        {
            Header = Say.T("Open action items", "未完了のアクションアイテム"),
            Text = open.Count == 0
                ? Say.T("No open action items.", "未完了のアクションアイテムはありません。")
                : string.Join("\n", open.Select(x => Say.T(
                    $"{(x.Item.Due < today ? "OVERDUE " : "")}{x.Incident} #{x.Item.Number} {x.Item.Text} — @{x.Item.Owner}, due {x.Item.Due:yyyy-MM-dd}",
                    $"{(x.Item.Due < today ? "【期限切れ】" : "")}{x.Incident} #{x.Item.Number} {x.Item.Text} — @{x.Item.Owner}、期限 {x.Item.Due:yyyy-MM-dd}"))),
            Visibility = MessageVisibility.Ephemeral,
        };
    }
}
