namespace IncidentBot.Workflows.Commands;

/// <summary>Reads a person from a command word: <c>@alice</c>, <c>alice</c>, <c>me</c>, or Slack's <c>&lt;@U024BE7LH|alice&gt;</c>.</summary>
public static class Mention
{
    public static string? Resolve(string word, string actor)
    {
        ArgumentNullException.ThrowIfNull(word);
        if (word.Equals("me", StringComparison.OrdinalIgnoreCase) || word == "私")
        {
            return actor;
        }

        var name = word;
        if (name.StartsWith("<@", StringComparison.Ordinal) && name.EndsWith('>'))
        {
            name = name[2..^1];
            var bar = name.IndexOf('|', StringComparison.Ordinal);
            if (bar >= 0)
            {
                name = name[..bar];
            }
        }
        else if (name.StartsWith('@'))
        {
            name = name[1..];
        }

        return IsName(name) ? name : null;
    }

    private static bool IsName(string name) =>
        name.Length is > 0 and <= 80 && name.All(c => char.IsLetterOrDigit(c) || c is '.' or '-' or '_');
}
