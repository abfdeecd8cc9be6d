using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Language;
using IncidentBot.Workflows.Postmortems;

namespace IncidentBot.Workflows.Chat;

/// <summary>How the room hears about the postmortem draft: required or not and why, blame to reword, where to read it.</summary>
public static class PostmortemMessage
{
    public static string Requirement(Incident incident, DateTimeOffset now, PostmortemOptions options)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(options);
        var requirement = PostmortemRequirement.Of(incident, incident.Start, incident.FirstEntered(Phase.Reporting) ?? now, options);
        var reasons = List(requirement.Reasons);
        var unknown = requirement.Unknown.Count == 0 ? "" : Say.T($" Still unknown: {string.Join("; ", requirement.Unknown)}.", $"未確認の事項：{List(requirement.Unknown)}。");
        var verdict = requirement.Required ? Say.T($"A postmortem is required: {reasons}.", $"ポストモーテムが必要です：{reasons}。")
            : requirement.Unknown.Count > 0 ? Say.T("Whether a postmortem is required is not known yet.", "ポストモーテムが必要かどうかは、まだ判断できません。")
            : Say.T($"No postmortem is required: {reasons}.", $"ポストモーテムは不要です：{reasons}。");
        var link = Link(incident.Id);
        return Say.T(
            $"{verdict}{unknown} Draft: {link} (`/incident postmortem` to regenerate).",
            $"{verdict}{unknown}下書き：`{link}`（作り直すには `/incident postmortem`）。");
    }

    public static BotMessage Render(PostmortemDraft draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var prompts = draft.Sections.Count(s => s.Prompt is not null);
        var context = new List<string> { Say.T($"{prompts} sections wait for people's words; everything else is filled from the timeline.", $"{prompts} 個のセクションが記入待ちです。それ以外はタイムラインから埋めています。") };
        context.AddRange(draft.BlamelessWarnings.Select(w => Say.T("Blameless: ", "ブレームレス：") + w));
        var id = IncidentId.Parse(draft.Incident);
        var reasons = List(draft.Requirement.Reasons);
        var verdict = draft.Requirement.Required ? Say.T("Required", "必要") : draft.Requirement.Unknown.Count > 0 ? Say.T("Not known yet", "未確定") : Say.T("Not required", "不要");
        var zone = Zone(draft);
        var end = draft.PeriodEnd is { } e ? Format.DateTime(e, zone) : Say.T("ongoing", "継続中");
        return new BotMessage
        {
            Incident = id,
            Header = Say.T($"{draft.Incident} · postmortem draft", $"{draft.Incident} · ポストモーテムの下書き"),
            Text = Say.T($"{verdict}: {reasons}.", $"{verdict}：{reasons}。")
                + (draft.Requirement.Unknown.Count == 0 ? "" : Say.T($"\nStill unknown: {string.Join("; ", draft.Requirement.Unknown)}.", $"\n未確認の事項：{List(draft.Requirement.Unknown)}。"))
                + Say.T($"\nRead it: {Link(id)} (also format=html or format=json).", $"\n下書きはこちら：`{Link(id)}`（`format=html` や `format=json` でも読めます）。"),
            Fields =
            [
                new(Say.T("Period", "期間"), $"{Format.DateTime(draft.PeriodStart, zone)} – {end}"),
                new(Say.T("Author", "作成者"), draft.Author is null ? Say.T("nobody yet: `/incident role scribe me`", "未定：`/incident role scribe me`") : "@" + draft.Author),
                new(Say.T("Timeline", "タイムライン"), Say.T($"{draft.Timeline.Count} entries", $"{draft.Timeline.Count} 件")),
            ],
            Context = context,
        };
    }

    /// <summary>Reasons or unknowns in one line, in the bot's language.</summary>
    private static string List(IEnumerable<string> items) => string.Join(Say.T("; ", "／"), items);

    private static TimeZoneInfo Zone(PostmortemDraft draft) => TimeZoneInfo.FindSystemTimeZoneById(draft.Zone);

    private static string Link(IncidentId id) => $"/api/incidents/{id}/postmortem?format=md";
}
