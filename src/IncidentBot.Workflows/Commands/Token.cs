namespace IncidentBot.Workflows.Commands;

/// <summary>A word of a command. Quoted words keep their spaces and are never read as ids, flags or mentions.</summary>
public sealed record Token(string Text, bool Quoted)
{
    /// <summary>The word as typed, quotes included.</summary>
    public string Raw { get; init; } = Text;

    public bool IsFlag => !Quoted && Text.Length > 2 && Text.StartsWith("--", StringComparison.Ordinal);
}
