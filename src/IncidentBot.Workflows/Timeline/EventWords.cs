using IncidentBot.Workflows.Incidents.Events;
using IncidentBot.Workflows.Language;
using IncidentBot.Workflows.Postmortems;

namespace IncidentBot.Workflows.Timeline;

/// <summary>
/// Values events store in English (a detail, a step answer, where a check came from, how an incident
/// was detected), as a line in the bot's language shows them. The stored values never change.
/// </summary>
public static class EventWords
{
    /// <summary><c>Title</c>, 「タイトル」.</summary>
    public static string Label(this IncidentDetail detail) => detail switch
    {
        IncidentDetail.Title => Say.T("Title", "タイトル"),
        IncidentDetail.Summary => Say.T("Summary", "概要"),
        IncidentDetail.Impact => Say.T("Impact", "影響"),
        IncidentDetail.Services => Say.T("Services", "サービス"),
        _ => detail.ToString(),
    };

    /// <summary><c>done</c>, 「完了」.</summary>
    public static string Label(this StepAnswer answer) => answer switch
    {
        StepAnswer.Done => Say.T("done", "完了"),
        StepAnswer.Failed => Say.T("failed", "失敗"),
        StepAnswer.Skipped => Say.T("skipped", "スキップ"),
        StepAnswer.Approved => Say.T("approved", "承認"),
        _ => answer.ToString().ToLowerInvariant(),
    };

    /// <summary><c>confirmed</c>, 「裏付けあり」.</summary>
    public static string Label(this HypothesisVerdict verdict) => verdict switch
    {
        HypothesisVerdict.Confirmed => Say.T("confirmed", "裏付けあり"),
        HypothesisVerdict.RuledOut => Say.T("ruled out", "否定"),
        _ => Say.T("reopened", "未検証に戻しました"),
    };

    /// <summary>
    /// How an incident was detected, as stored (<c>monitoring</c>, <c>person</c>, <c>customer</c>,
    /// <c>provider</c>, or an alert source such as <c>alertmanager</c>): as is in English, 「監視」 etc. in Japanese
    /// (the postmortem's words, so the draft and the chat say the same).
    /// </summary>
    public static string Detection(string source) => source switch
    {
        "monitoring" or "person" or "customer" or "provider" => Say.T(source, PostmortemText.T("ja", "source." + source)),
        _ => source,
    };

    /// <summary>The source of a check someone added with <c>/incident check add</c>; stored in English, <see cref="Words.En"/>.</summary>
    public static readonly Words ByHand = new Words("by hand", "手動");

    /// <summary>Where a check came from, as stored (<c>by hand</c>, <c>runbook db-storm</c>, <c>alarm HighCPU</c>): as is in English.</summary>
    public static string CheckSource(string source) => source switch
    {
        _ when source == ByHand.En => ByHand,
        _ when source.StartsWith("runbook ", StringComparison.Ordinal) => Say.T(source, "Runbook " + source["runbook ".Length..]),
        _ when source.StartsWith("alarm ", StringComparison.Ordinal) => Say.T(source, "アラーム " + source["alarm ".Length..]),
        _ => source,
    };

    /// <summary>What a deleted message's entry shows instead; the correction stores <see cref="Words.En"/> and its <c>Deleted</c> flag.</summary>
    public static readonly Words MessageDeleted = new Words("(message deleted)", "（メッセージは削除されました）");

    /// <summary>The note of an action item its closed ticket finished; stored as <see cref="Words.Stored"/> with the ticket.</summary>
    public static readonly Words TicketClosed = new Words("ticket {0} closed", "チケット {0} がクローズされました");

    /// <summary>How the bot's own reason for closing without a postmortem begins; stored as <see cref="Words.En"/> and the requirement's reasons in English.</summary>
    public static readonly Words NotRequired = new Words("not required: ", "ポストモーテム不要：");

    /// <summary>An action item's note as stored: the bot's (<see cref="TicketClosed"/>) in the bot's language, people's as they wrote it.</summary>
    public static string ActionNote(string note) => Words.ReadBack(note, TicketClosed);

    /// <summary>
    /// A reason stored with a phase change: people's own words as they are; the bot's judgement that no
    /// postmortem is required (<see cref="NotRequired"/>, in English) in the bot's language.
    /// </summary>
    public static string Reason(string reason) => BotsWaiver(reason) is { } why ? Say.T(reason, NotRequired.Ja + why) : reason;

    /// <summary>Why no postmortem is required, in Japanese, for a line that already says so: 「該当する基準なし：…」, or people's own words.</summary>
    public static string WhyNoPostmortem(string reason) => BotsWaiver(reason) ?? reason;

    private static string? BotsWaiver(string reason) =>
        reason.StartsWith(NotRequired.En, StringComparison.Ordinal) ? PostmortemText.Reasons("ja", reason[NotRequired.En.Length..]) : null;

    /// <summary>A postmortem section as stored (<c>root-cause</c>): as is in English, its heading 「根本原因」 in Japanese.</summary>
    public static string PostmortemSection(string section) =>
        PostmortemSections.Writable.Contains(section) ? Say.T(section, PostmortemText.T("ja", section)) : section;
}
