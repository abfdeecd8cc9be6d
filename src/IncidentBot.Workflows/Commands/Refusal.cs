namespace IncidentBot.Workflows.Commands;

/// <summary>
/// The one answer for a command or transition that cannot be done: what is wrong, and the commands
/// that would put it right. Every platform renders it the same way.
/// </summary>
public sealed record Refusal(string Problem, IReadOnlyList<string> Fixes)
{
    public Refusal(string problem, params string[] fixes)
        : this(problem, (IReadOnlyList<string>)fixes)
    {
    }
}
