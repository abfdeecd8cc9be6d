namespace IncidentBot.Workflows.Runbooks;

/// <summary>
/// One step anyone can follow: what to do, the exact command or console path, what you should see,
/// and what to do when you don't (escalate, or go to another step).
/// </summary>
public sealed record RunbookStep(int Number, string Title, string Action, string? Command, string Expected, string IfNot, int Line)
{
    /// <summary>The step to go to when the result differs, when <see cref="IfNot"/> names one ("go to step 4").</summary>
    public int? GoTo { get; init; }

    /// <summary>Changes production in a way that is hard to undo: the commander approves before anyone runs it.</summary>
    public bool Destructive { get; init; }

    /// <summary>Each code block of the step as written, one to copy and run at a time; <see cref="Command"/> is them joined.</summary>
    public IReadOnlyList<string> Commands { get; init; } = [];
}
