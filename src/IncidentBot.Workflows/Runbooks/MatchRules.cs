namespace IncidentBot.Workflows.Runbooks;

/// <summary>When a runbook fits an incident: alert names (globs), label equality, keywords in title, summary and alerts.</summary>
public sealed record MatchRules(IReadOnlyList<string> Alerts, IReadOnlyDictionary<string, string> Labels, IReadOnlyList<string> Keywords);
