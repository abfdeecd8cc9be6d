using IncidentBot.Workflows.Incidents.Events;
using IncidentBot.Workflows.Language;

namespace IncidentBot.Workflows.Incidents;

public static class PostmortemStatusText
{
    /// <summary>The status as the API spells it and an English chat message names it: "a draft", "in review", "approved", "published".</summary>
    public static string Name(this PostmortemStatus status) => Forms(status).En;

    /// <summary>
    /// The status in the bot's language: <see cref="Name"/> in English, 「下書き」「レビュー中」「承認済み」
    /// 「公開済み」 in Japanese. <see cref="Name"/> stays the API spelling.
    /// </summary>
    public static string Label(this PostmortemStatus status) => Forms(status);

    /// <summary>The command that moves the postmortem on from <paramref name="status"/>.</summary>
    public static string NextCommand(this PostmortemStatus status, bool hasReviewers) => status switch
    {
        PostmortemStatus.Draft when !hasReviewers => "/incident reviewer @name",
        PostmortemStatus.Draft => "/incident postmortem review",
        PostmortemStatus.InReview => "/incident postmortem approve",
        _ => "/incident postmortem publish",
    };

    private static Words Forms(PostmortemStatus status) => status switch
    {
        PostmortemStatus.InReview => new Words("in review", "レビュー中"),
        PostmortemStatus.Approved => new Words("approved", "承認済み"),
        PostmortemStatus.Published => new Words("published", "公開済み"),
        _ => new Words("a draft", "下書き"),
    };
}
