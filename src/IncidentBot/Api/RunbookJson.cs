using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Runbooks;

namespace IncidentBot.Api;

/// <summary>
/// A runbook as the page reads it to follow it mechanically: each step's text, its commands one by one
/// (to show in monospace with a copy button each), what to expect, where to go when it differs, and
/// whether the commander must approve it. Text is the runbook's Markdown as written.
/// </summary>
public sealed record RunbookJson(
    string Id,
    string Title,
    string Summary,
    string Introduction,
    IReadOnlyList<string> Services,
    string? Severity,
    RunbookMatchJson Match,
    IReadOnlyList<string> Verify,
    IReadOnlyList<RunbookStepJson> Steps,
    string Source,
    string? SourceUrl)
{
    public static RunbookJson From(Runbook runbook)
    {
        ArgumentNullException.ThrowIfNull(runbook);
        return new(
            runbook.Id,
            runbook.Title,
            runbook.Summary,
            runbook.Introduction,
            runbook.Services,
            runbook.SeverityHint?.Label(),
            new RunbookMatchJson(runbook.Match.Alerts, runbook.Match.Labels, runbook.Match.Keywords),
            [.. runbook.Verification.Select(c => c.ToString())],
            [.. runbook.Steps.Select(s => new RunbookStepJson(s.Number, s.Title, s.Action, s.Commands, s.Expected, s.IfNot, s.GoTo, s.Destructive, s.Line))],
            runbook.Source,
            runbook.SourceUrl?.AbsoluteUri);
    }
}

/// <summary>What makes the bot propose the runbook: alert-name globs, alert labels, words of the title or summary.</summary>
public sealed record RunbookMatchJson(IReadOnlyList<string> Alerts, IReadOnlyDictionary<string, string> Labels, IReadOnlyList<string> Keywords);

/// <summary>One step: <c>Destructive</c> steps wait for the commander's approval (<c>/incident step approve</c>).</summary>
public sealed record RunbookStepJson(int Number, string Title, string Text, IReadOnlyList<string> Commands, string Expect, string IfNot, int? GoTo, bool Destructive, int Line);
