namespace IncidentBot.Workflows.Incidents;

/// <summary>One page of incidents, newest first: how many there are in all, and where the next page starts.</summary>
public sealed record IncidentPage(IReadOnlyList<IncidentSummary> Items, int Total, long? NextBefore);
