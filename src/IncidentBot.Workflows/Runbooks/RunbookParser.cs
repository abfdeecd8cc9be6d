using System.Text.RegularExpressions;
using IncidentBot.Workflows.Incidents;
using Markdig;
using Markdig.Syntax;
using YamlDotNet.Core;

namespace IncidentBot.Workflows.Runbooks;

/// <summary>
/// Reads one runbook file: YAML front matter between <c>---</c> lines, then a Markdown body whose
/// steps are <c>## N. Title</c> sections. Every problem is reported with its line; a runbook with
/// any problem is not returned.
/// </summary>
public static partial class RunbookParser
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().Build();

    public static (Runbook? Runbook, IReadOnlyList<RunbookProblem> Problems) Parse(string file, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var problems = new List<RunbookProblem>();
        void Problem(int line, string message) => problems.Add(new RunbookProblem(file, line, message));

        var lines = text.ReplaceLineEndings("\n").Split('\n');
        var close = Array.FindIndex(lines, 1, l => l.TrimEnd() == "---");
        if (lines.Length == 0 || lines[0].TrimEnd() != "---" || close < 0)
        {
            Problem(1, "a runbook starts with YAML front matter between two '---' lines");
            return (null, problems);
        }

        RunbookFrontMatter front;
        try
        {
            front = RunbookFrontMatter.Read(string.Join('\n', lines[1..close]), 2, Problem);
        }
        catch (YamlException ex)
        {
            // The scanner notices an unclosed bracket at the end; point no further than the last line of the front matter.
            Problem(Math.Min((int)ex.Start.Line + 1, close), "front matter: " + (ex.InnerException?.Message ?? ex.Message));
            return (null, problems);
        }

        var head = CheckFrontMatter(front, Problem);
        var (introduction, steps) = ReadBody(string.Join('\n', lines[(close + 1)..]), close + 2, Problem);
        if (problems.Count > 0 || head is null)
        {
            return (null, problems);
        }

        return (head with { Steps = steps, Source = file, Introduction = introduction }, problems);
    }

    private static Runbook? CheckFrontMatter(RunbookFrontMatter front, Action<int, string> problem)
    {
        if (string.IsNullOrWhiteSpace(front.Id) || !IdPattern().IsMatch(front.Id))
        {
            problem(front.Line("id"), "id is required: lower case letters, digits and '-', e.g. db-connection-storm");
        }

        if (string.IsNullOrWhiteSpace(front.Title))
        {
            problem(front.Line("title"), "title is required");
        }

        if (string.IsNullOrWhiteSpace(front.Summary))
        {
            problem(front.Line("summary"), "summary is required: one sentence on when to use this runbook");
        }

        if (front.Alerts.Count == 0 && front.Labels.Count == 0 && front.Keywords.Count == 0)
        {
            problem(front.Line("match"), "match needs at least one of alerts, labels or keywords, or the runbook is never proposed");
        }

        Severity? severity = null;
        if (front.Severity is not null)
        {
            if (SeverityText.TryParse(front.Severity, out var s))
            {
                severity = s;
            }
            else
            {
                problem(front.Line("severity"), $"severity '{front.Severity}' is not sev1 to sev4");
            }
        }

        var verification = new List<MetricCondition>();
        foreach (var check in front.Verify)
        {
            if (MetricCondition.TryParse(check, out var condition, out var error))
            {
                verification.Add(condition!);
            }
            else
            {
                problem(front.Line("verify"), "verify: " + error);
            }
        }

        return new Runbook(
            front.Id ?? "",
            front.Title ?? "",
            front.Summary ?? "",
            front.Services,
            new MatchRules(front.Alerts, front.Labels, front.Keywords),
            severity,
            verification,
            [],
            "");
    }

    private static (string Introduction, List<RunbookStep> Steps) ReadBody(string body, int firstLine, Action<int, string> problem)
    {
        var document = Markdown.Parse(body, Pipeline);
        var introduction = new List<string>();
        var steps = new List<StepDraft>();
        StepDraft? current = null;
        foreach (var block in document)
        {
            var line = firstLine + block.Line;
            var source = body.Substring(block.Span.Start, block.Span.Length).Trim();
            if (block is HeadingBlock { Level: 2 })
            {
                var heading = StepHeading().Match(source);
                if (!heading.Success)
                {
                    problem(line, $"'{source}': a step heading is '## N. What to do'");
                    current = null;
                    continue;
                }

                current = new StepDraft(int.Parse(heading.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture), heading.Groups["title"].Value.Trim(), line);
                steps.Add(current);
            }
            else if (steps.Count == 0)
            {
                if (block is not HeadingBlock)
                {
                    introduction.Add(source); // text before the first step introduces the runbook
                }
            }
            else if (current is null)
            {
                continue; // under a heading that is not a step, already reported
            }
            else if (block is FencedCodeBlock code)
            {
                current.Commands.Add(string.Join('\n', code.Lines.Lines.Take(code.Lines.Count).Select(l => l.ToString())).TrimEnd());
            }
            else if (Field(source, "Expect") is { } expected)
            {
                current.Expected = expected;
            }
            else if (Field(source, "If not") is { } ifNot)
            {
                current.IfNot = ifNot;
            }
            else if (Field(source, "Destructive") is not null || source.StartsWith("**Destructive**", StringComparison.Ordinal))
            {
                current.Destructive = true;
            }
            else
            {
                current.Action.Add(source);
            }
        }

        if (steps.Count == 0)
        {
            problem(firstLine, "no steps: write each as '## 1. What to do' with a command block, **Expect:** and **If not:**");
        }

        return (string.Join("\n\n", introduction), Check(steps, problem));
    }

    private static List<RunbookStep> Check(List<StepDraft> drafts, Action<int, string> problem)
    {
        var steps = new List<RunbookStep>();
        for (var i = 0; i < drafts.Count; i++)
        {
            var d = drafts[i];
            if (d.Number != i + 1)
            {
                problem(d.Line, $"step {d.Number} should be numbered {i + 1}: steps are numbered 1, 2, 3 in order");
            }

            if (d.Action.Count == 0)
            {
                problem(d.Line, $"step {d.Number} says nothing about what to do: add a sentence under its heading");
            }

            if (d.Commands.Count == 0)
            {
                problem(d.Line, $"step {d.Number} has no command or console path in a ``` block");
            }

            if (d.Expected is null)
            {
                problem(d.Line, $"step {d.Number} has no '**Expect:**' line saying what you should see");
            }

            if (d.IfNot is null)
            {
                problem(d.Line, $"step {d.Number} has no '**If not:**' line saying what to do when the result differs");
            }

            int? goTo = null;
            if (d.IfNot is not null && GoToPattern().Match(d.IfNot) is { Success: true } target)
            {
                goTo = int.Parse(target.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture);
                if (goTo < 1 || goTo > drafts.Count || goTo == d.Number)
                {
                    problem(d.Line, $"step {d.Number} sends the reader to step {goTo}, which {(goTo == d.Number ? "is itself" : "does not exist")}");
                }
            }

            steps.Add(new RunbookStep(i + 1, d.Title, string.Join("\n\n", d.Action), d.Commands.Count == 0 ? null : string.Join("\n", d.Commands), d.Expected ?? "", d.IfNot ?? "", d.Line)
            {
                GoTo = goTo,
                Destructive = d.Destructive,
                Commands = [.. d.Commands],
            });
        }

        return steps;
    }

    private static string? Field(string paragraph, string name)
    {
        var prefix = $"**{name}:**";
        return paragraph.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) ? paragraph[prefix.Length..].Trim() : null;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,62}$")]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"^##\s+(?<n>\d+)\.\s+(?<title>.+)$")]
    private static partial Regex StepHeading();

    [GeneratedRegex(@"\bgo to step (?<n>\d+)\b", RegexOptions.IgnoreCase)]
    private static partial Regex GoToPattern();

    private sealed class StepDraft(int number, string title, int line)
    {
        public int Number { get; } = number;
        public string Title { get; } = title;
        public int Line { get; } = line;
        public List<string> Action { get; } = [];
        public List<string> Commands { get; } = [];
        public string? Expected { get; set; }
        public string? IfNot { get; set; }
        public bool Destructive { get; set; }
    }
}
