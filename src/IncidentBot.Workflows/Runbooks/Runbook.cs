using IncidentBot.Workflows.Incidents;

namespace IncidentBot.Workflows.Runbooks;

/// <summary>A runbook from <c>runbooks/*.md</c>: YAML front matter and numbered steps.</summary>
public sealed record Runbook(
    string Id,
    string Title,
    string Summary,
    IReadOnlyList<string> Services,
    MatchRules Match,
    Severity? SeverityHint,
    IReadOnlyList<MetricCondition> Verification,
    IReadOnlyList<RunbookStep> Steps,
    string Source);
