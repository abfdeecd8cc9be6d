using IncidentBot.Workflows.Incidents.Events;

namespace IncidentBot.Workflows.Incidents;

public static class PostmortemStatusText
{
    /// <summary>The status as a chat message names it: "a draft", "in review", "approved", "published".</summary>
    public static string Name(this PostmortemStatus status) => status switch
    {
        PostmortemStatus.InReview => "in review",
        PostmortemStatus.Approved => "approved",
        PostmortemStatus.Published => "published",
        _ => "a draft",
    };

    /// <summary>The command that moves the postmortem on from <paramref name="status"/>.</summary>
    public static string NextCommand(this PostmortemStatus status, bool hasReviewers) => status switch
    {
        PostmortemStatus.Draft when !hasReviewers => "/incident reviewer @name",
        PostmortemStatus.Draft => "/incident postmortem review",
        PostmortemStatus.InReview => "/incident postmortem approve",
        _ => "/incident postmortem publish",
    };
}
