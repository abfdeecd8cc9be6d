namespace IncidentBot.Workflows.Commands;

/// <summary>A verb of the command language: its name, other spellings, usage line and what it does.</summary>
public sealed record VerbSpec(string Name, string Usage, string Summary, params string[] Aliases)
{
    /// <summary>Verbs that work without an incident (start, list, help).</summary>
    public bool Global { get; init; }
}
