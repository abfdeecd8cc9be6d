using System.Text;
using IncidentBot.Workflows.Language;

namespace IncidentBot.Workflows.Runbooks;

/// <summary>
/// Ranks runbooks against an incident. Points: named by an alert's runbook_url 100, an alert name matching one of the runbook's globs 5,
/// each label the runbook asks for that an alert carries 4, an affected service the runbook covers
/// 3, a keyword in the title or summary 2, a keyword only in alert names or labels 1. Best first;
/// ties by id, so the order is stable. The reasons are written in the bot's language.
/// </summary>
public static class RunbookMatcher
{
    /// <summary>Points for a runbook an alert names in its <c>runbook_url</c>.</summary>
    public const int NamedByAlert = 100;

    public static IReadOnlyList<RunbookMatch> Rank(RunbookLibrary library, IncidentFacts facts, int max = 5)
    {
        ArgumentNullException.ThrowIfNull(library);
        ArgumentNullException.ThrowIfNull(facts);

        // Computed once per incident, not once per runbook: a storm has many alerts but few names.
        var alertNames = facts.Alerts.Select(a => a.Name).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var labels = new HashSet<string>(facts.Alerts.SelectMany(a => a.Labels.Select(l => l.Key + "=" + l.Value)), StringComparer.OrdinalIgnoreCase);
        var words = Fold($"{facts.Title}\n{facts.Summary}");
        var alertWords = Fold(string.Join('\n', alertNames.Concat(labels)));
        var serviceParts = facts.Services.SelectMany(s => s.Split(['-', '_', '.', ' '], StringSplitOptions.RemoveEmptyEntries).Prepend(s))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);

        var matches = new List<RunbookMatch>();
        foreach (var runbook in library.Runbooks)
        {
            var score = 0;
            var reasons = new List<string>();
            if (facts.Alerts.FirstOrDefault(a => a.Names(runbook.Id)) is { } naming)
            {
                // The alert's author chose it: above anything the rules can infer.
                score += NamedByAlert;
                reasons.Add(Say.T($"named by the alert {naming.Name}", $"アラート {naming.Name} が指定"));
            }
            foreach (var glob in runbook.Match.Alerts)
            {
                var name = alertNames.Find(n => Glob.IsMatch(glob, n));
                if (name is not null)
                {
                    score += 5;
                    reasons.Add(Say.T($"alert {name} matches {glob}", $"アラート {name} が {glob} に一致"));
                }
            }

            foreach (var (key, value) in runbook.Match.Labels)
            {
                if (labels.Contains(key + "=" + value))
                {
                    score += 4;
                    reasons.Add(Say.T($"an alert has {key}={value}", $"アラートに {key}={value} あり"));
                }
            }

            foreach (var service in runbook.Services)
            {
                if (serviceParts.Contains(service))
                {
                    score += 3;
                    reasons.Add(Say.T($"affects {service}", $"{service} に影響"));
                }
            }

            foreach (var keyword in runbook.Match.Keywords)
            {
                var folded = Fold(keyword);
                if (words.Contains(folded, StringComparison.Ordinal))
                {
                    score += 2;
                    reasons.Add(Say.T($"\"{keyword}\" in the title or summary", $"タイトルか概要に「{keyword}」"));
                }
                else if (alertWords.Contains(folded, StringComparison.Ordinal))
                {
                    score += 1;
                    reasons.Add(Say.T($"\"{keyword}\" in the alerts", $"アラートに「{keyword}」"));
                }
            }

            if (score > 0)
            {
                matches.Add(new RunbookMatch(runbook, score, reasons));
            }
        }

        return [.. matches.OrderByDescending(m => m.Score).ThenBy(m => m.Runbook.Id, StringComparer.Ordinal).Take(max)];
    }

    private static string Fold(string text) => text.Normalize(NormalizationForm.FormKC).ToLowerInvariant();
}
