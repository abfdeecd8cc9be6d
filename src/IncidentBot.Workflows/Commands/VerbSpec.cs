using IncidentBot.Workflows.Language;

namespace IncidentBot.Workflows.Commands;

/// <summary>
/// A verb of the command language: its name, other spellings, usage line and what it does. The
/// summary is kept in both languages and read in the bot's language when help shows it.
/// </summary>
public sealed record VerbSpec(string Name, string Usage, Words Summary, params string[] Aliases)
{
    /// <summary>Verbs that work without an incident (start, list, help).</summary>
    public bool Global { get; init; }
}
