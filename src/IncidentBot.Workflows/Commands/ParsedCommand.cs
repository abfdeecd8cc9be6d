using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Language;

namespace IncidentBot.Workflows.Commands;

/// <summary>A command after parsing: the verb, the incident it names (if any), its flags and its other words.</summary>
public sealed record ParsedCommand(VerbSpec Verb, IncidentId? Incident, IReadOnlyDictionary<string, string?> Flags, IReadOnlyList<Token> Args)
{
    public bool Has(string flag) => Flags.ContainsKey(flag);

    /// <summary>The words after the verb as one text. One quoted text loses its quotes; quotes inside a longer text stay.</summary>
    public string Rest => JoinFrom(0);

    public string JoinFrom(int index)
    {
        var words = Args.Skip(index).ToList();
        return words.Count == 1 ? words[0].Text.Trim() : string.Join(' ', words.Select(a => a.Raw)).Trim();
    }

    public Refusal Usage(string problem) => new(problem + Say.T($" Usage: `{Verb.Usage}`", $"使い方：`{Verb.Usage}`"), Verb.Usage);
}
