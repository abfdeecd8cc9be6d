using IncidentBot.Workflows.Incidents;

namespace IncidentBot.Workflows.Runbooks;

/// <summary>
/// A runbook from <c>runbooks/*.md</c>: YAML front matter and numbered steps. <see cref="Source"/> is
/// where a responder can open it: the parser sets the file name it was given, and the host replaces
/// it with the path under the runbook folder (<c>runbooks/db-connection-storm.md</c>), never where
/// the binary happens to keep its copy.
/// </summary>
public sealed record Runbook(
    string Id,
    string Title,
    string Summary,
    IReadOnlyList<string> Services,
    MatchRules Match,
    Severity? SeverityHint,
    IReadOnlyList<MetricCondition> Verification,
    IReadOnlyList<RunbookStep> Steps,
    string Source)
{
    /// <summary>The Markdown before the first step: the case the runbook was written from, and its advice.</summary>
    public string Introduction { get; init; } = "";

    /// <summary>The runbook in the repository's web view, when <c>Runbooks__SourceUrl</c> says where that is.</summary>
    public Uri? SourceUrl { get; init; }
}
