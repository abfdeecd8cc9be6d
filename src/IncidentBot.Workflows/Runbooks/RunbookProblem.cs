namespace IncidentBot.Workflows.Runbooks;

/// <summary>What is wrong with a runbook file, where: printed as <c>file:line: message</c>.</summary>
public sealed record RunbookProblem(string File, int Line, string Message)
{
    public override string ToString() => $"{File}:{Line}: {Message}";
}
