namespace IncidentBot.Workflows.Commands;

/// <summary>
/// Reads a person from a command word: <c>@alice</c>, <c>alice</c> or <c>me</c>. Platforms' own
/// mention markup is turned into <c>@handle</c> by their adapters before a command gets here.
/// </summary>
public static class Mention
{
    public static string? Resolve(string word, string actor)
    {
        ArgumentNullException.ThrowIfNull(word);
        if (word.Equals("me", StringComparison.OrdinalIgnoreCase) || word == "私")
        {
            return actor;
        }

        var name = word.StartsWith('@') ? word[1..] : word;
        return IsName(name) ? name : null;
    }

    private static bool IsName(string name) =>
        name.Length is > 0 and <= 80 && name.All(c => char.IsLetterOrDigit(c) || c is '.' or '-' or '_');
}
