namespace IncidentBot.Workflows.Incidents.Events;

/// <summary>The postmortem's review state: draft → in review → approved → published.</summary>
public enum PostmortemStatus
{
    Draft,
    InReview,
    Approved,
    Published,
}
