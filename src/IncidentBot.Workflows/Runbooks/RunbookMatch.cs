namespace IncidentBot.Workflows.Runbooks;

/// <summary>A runbook that fits an incident, how well, and why, in words a responder can check.</summary>
public sealed record RunbookMatch(Runbook Runbook, int Score, IReadOnlyList<string> Reasons);
