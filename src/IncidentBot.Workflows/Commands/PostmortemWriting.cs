using IncidentBot.Workflows.Chat;
using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Incidents.Events;
using IncidentBot.Workflows.Language;
using IncidentBot.Workflows.Postmortems;

namespace IncidentBot.Workflows.Commands;

/// <summary>
/// The postmortem in people's words, and a review that means something: sections written and
/// rewritten (each an event), approval only by reviewers who did not write it, as many as
/// <c>Postmortem__RequiredApprovals</c>, and no publishing while a required section is unwritten.
/// No refusal suggests a way around its rule.
/// </summary>
public static class PostmortemWriting
{
    /// <summary>Longest section text: a postmortem section, not a log dump (attach those as links).</summary>
    public const int MaxText = 20_000;

    /// <summary>A section written by <c>/incident postmortem write &lt;section&gt; &lt;text&gt;</c>, the API or the page.</summary>
    public static Decision Write(Incident incident, string section, string text, CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(context);
        var usage = "/incident postmortem write root-cause <what made this possible>";
        if (!PostmortemSections.Writable.Contains(section))
        {
            return Decision.Refuse(new Refusal(
                Say.T(
                    $"`{Cut(section)}` is not a postmortem section; the sections are {string.Join(", ", PostmortemSections.Writable)}.",
                    $"`{Cut(section)}` はポストモーテムのセクションではありません。セクションは {string.Join("、", PostmortemSections.Writable)} です。"),
                usage));
        }

        text = text.Trim();
        if (text.Length == 0)
        {
            return Decision.Refuse(new Refusal(
                Say.T(
                    $"Write the {section} in your words after its name, or `n/a <reason>` when it does not apply.",
                    $"セクション名 {section} の後に、内容を自分の言葉で書いてください。当てはまらない場合は `n/a <reason>` と書きます。"),
                $"/incident postmortem write {section} <text>"));
        }

        if (text.Length > MaxText)
        {
            return Decision.Refuse(new Refusal(
                Say.T(
                    $"That is {text.Length:N0} characters; a section holds up to {MaxText:N0}. Link long logs or outputs instead of pasting them.",
                    $"{text.Length:N0} 文字あります。1 つのセクションに書けるのは {MaxText:N0} 文字までです。長いログや出力は貼り付けず、リンクにしてください。"),
                $"/incident postmortem write {section} <text>"));
        }

        if (PostmortemSections.NotApplicable(text) && text.TrimStart("n/aN/A".ToCharArray()).Trim(' ', ':', '-').Length == 0)
        {
            return Decision.Refuse(new Refusal(
                Say.T($"Say why the {section} does not apply: `n/a <reason>`.", $"{section} が当てはまらない理由を書いてください：`n/a <reason>`。"),
                $"/incident postmortem write {section} n/a <reason>"));
        }

        if (incident.PostmortemStatus == PostmortemStatus.Published)
        {
            return Decision.Refuse(new Refusal(
                Say.T(
                    $"{incident.Id}'s postmortem is published; what it says is final. Put what you learned since in a note.",
                    $"{incident.Id} のポストモーテムは公開済みで、内容は確定しています。その後に分かったことはメモに書いてください。"),
                "/incident note <text>"));
        }

        if (incident.PostmortemTexts.TryGetValue(section, out var current) && current == text)
        {
            return Decision.Answer(IncidentDecider.Aside(Say.T($"The {section} already says exactly that.", $"{section} はすでにその内容です。")));
        }

        // An approval is of the text as it was read: a change sends an approved postmortem, or one with approvals, back to review.
        var (_, reopen) = Changing(incident, context, section);
        var back = reopen.Length > 0;
        IncidentEvent[] events = [new PostmortemSectionWritten { Actor = context.Actor, At = context.Now, Section = section, Text = text }, .. reopen];
        var unwritten = Remaining(incident, section);
        var said = Say.T($"@{context.Actor} wrote the postmortem's {section}.", $"@{context.Actor} がポストモーテムの{Heading(section)}を書きました。")
            + (back ? Say.T(" It changed after an approval, so it is back in review and needs approving again.", "承認の後に変わったため、レビュー中に戻しました。もう一度承認が必要です。") : "")
            + (unwritten.Count == 0
                ? Say.T(" Every required section is written.", "必須セクションはすべて書かれています。")
                : Say.T($" Still to write: {string.Join(", ", unwritten)}.", $"まだ書かれていないセクション：{string.Join("、", unwritten.Select(Heading))}。"));
        return Decision.Record(IncidentDecider.Said(said), events);
    }

    /// <summary>
    /// A change to what the postmortem says (a section, or the summary and impact it shows): refused
    /// once published, and sending an approved postmortem (or one with approvals) back to review.
    /// </summary>
    public static (Refusal? Refusal, IncidentEvent[] Reopen) Changing(Incident incident, CommandContext context, string what)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(context);
        if (incident.PostmortemStatus == PostmortemStatus.Published)
        {
            return (new Refusal(
                Say.T(
                    $"{incident.Id}'s postmortem is published, and the {what} is part of it; put what you learned since in a note.",
                    $"{incident.Id} のポストモーテムは公開済みで、{Heading(what)}もその一部です。その後に分かったことはメモに書いてください。"),
                "/incident note <text>"), []);
        }

        var back = incident.PostmortemStatus == PostmortemStatus.Approved || (incident.PostmortemStatus == PostmortemStatus.InReview && incident.Approvals.Count > 0);
        return (null, back ? [new PostmortemStatusChanged { Actor = context.Actor, At = context.Now, Status = PostmortemStatus.InReview }] : []);
    }

    /// <summary>Why <paramref name="actor"/> may not approve: not a reviewer, or the author. Null when they may.</summary>
    public static Refusal? CannotApprove(Incident incident, string actor)
    {
        ArgumentNullException.ThrowIfNull(incident);
        if (PostmortemSections.Authors(incident).Contains(actor))
        {
            return new Refusal(
                Say.T(
                    $"@{actor} had a hand in this postmortem (leading the response or writing part of it), so the approval has to come from a reviewer who did not.",
                    $"@{actor} はこのポストモーテムに関わっています（対応の指揮、または一部の執筆）。承認は、関わっていないレビュアーが行います。"),
                "/incident postmortem");
        }

        if (!incident.Reviewers.Contains(actor, StringComparer.OrdinalIgnoreCase))
        {
            return new Refusal(incident.Reviewers.Count == 0
                ? Say.T("Nobody reviews this postmortem yet; its author names reviewers.", "このポストモーテムにはまだレビュアーがいません。作成者がレビュアーを指名します。")
                : Say.T(
                    $"Only its reviewers ({string.Join(", ", incident.Reviewers.Select(r => "@" + r))}) approve the postmortem.",
                    $"ポストモーテムを承認できるのはレビュアー（{string.Join("、", incident.Reviewers.Select(r => "@" + r))}）だけです。"), "/incident postmortem");
        }

        return incident.Approvals.Contains(actor, StringComparer.OrdinalIgnoreCase)
            ? new Refusal(Say.T($"@{actor} has approved it already; it needs approvals from other reviewers.", $"@{actor} はすでに承認しています。ほかのレビュアーの承認が必要です。"), "/incident postmortem")
            : null;
    }

    /// <summary>A reviewer's approval; the postmortem is approved once it has as many as required.</summary>
    public static Decision Approve(Incident incident, CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(context);
        var required = Math.Max(1, context.Postmortems.RequiredApprovals);
        var count = incident.Approvals.Count + 1;
        IncidentEvent approval = new PostmortemApproved { Actor = context.Actor, At = context.Now };
        if (count < required)
        {
            return Decision.Record(IncidentDecider.Said(Say.T($"@{context.Actor} approved the postmortem ({count} of {required} approvals).", $"@{context.Actor} がポストモーテムを承認しました（承認 {count}/{required}）。")), approval);
        }

        return Decision.Record(
            IncidentDecider.Said(Say.T(
                $"@{context.Actor} approved the postmortem ({count} of {required}): postmortem in review → approved. Publish it with `/incident postmortem publish`.",
                $"@{context.Actor} がポストモーテムを承認しました（承認 {count}/{required}）。ポストモーテム：{PostmortemStatus.InReview.Label()} → {PostmortemStatus.Approved.Label()}。`/incident postmortem publish` で公開してください。")),
            approval,
            new PostmortemStatusChanged { Actor = context.Actor, At = context.Now, Status = PostmortemStatus.Approved });
    }

    /// <summary>Why the postmortem cannot be published yet: the required sections nobody wrote, each with its command, or facts nobody stated.</summary>
    public static Refusal? CannotPublish(Incident incident, PostmortemOptions options)
    {
        var unwritten = PostmortemSections.Unwritten(incident);
        var unknown = PostmortemRequirement.Of(incident, incident.Start, incident.FirstEntered(Phase.Reporting) ?? incident.UpdatedAt, options).Unknown;
        if (unwritten.Count == 0 && unknown.Count > 0)
        {
            return new Refusal(Say.T(
                $"The postmortem cannot be published while it does not know: {string.Join("; ", unknown)}.",
                $"次の事項が分かるまで、ポストモーテムは公開できません：\n・{string.Join("\n・", unknown)}"));
        }

        return unwritten.Count == 0 ? null : new Refusal(
            Say.T(
                $"The postmortem cannot be published while {unwritten.Count} required section{(unwritten.Count == 1 ? " is" : "s are")} unwritten: {string.Join(", ", unwritten)}. Write each (or `n/a <reason>`):",
                $"必須セクションのうち {unwritten.Count} 件がまだ書かれていないため、ポストモーテムは公開できません：{string.Join("、", unwritten.Select(Heading))}。それぞれ書いてください（当てはまらない場合は `n/a <reason>`）："),
            [.. unwritten.Select(s => $"/incident postmortem write {s} <text>")]);
    }

    /// <summary>A section in a Japanese sentence: its heading, with the word the command takes (「根本原因（`root-cause`）」).</summary>
    private static string Heading(string section) => $"{PostmortemText.T("ja", section)}（`{section}`）";

    private static List<string> Remaining(Incident incident, string written) =>
        [.. PostmortemSections.Unwritten(incident).Where(s => s != written)];

    private static string Cut(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
