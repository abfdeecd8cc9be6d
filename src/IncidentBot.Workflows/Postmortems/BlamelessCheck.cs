using System.Text.RegularExpressions;

namespace IncidentBot.Workflows.Postmortems;

/// <summary>
/// Finds text that names a person as the cause, so the review can reword it about roles and
/// systems. Simple, explainable rules: a mention followed by a verb of fault ("@bob broke it"),
/// "X's fault", "blame", "human error", and in Japanese 「〜のせい」「〜が悪い」「〜のミス」.
/// </summary>
public static partial class BlamelessCheck
{
    public static IReadOnlyList<string> Find(IEnumerable<string> texts, string locale)
    {
        ArgumentNullException.ThrowIfNull(texts);
        return [.. texts.Where(Blames).Distinct(StringComparer.Ordinal)
            .Select(t => PostmortemText.T(locale, "blameless", Chat.TextCut.Cut(t, 121), PostmortemText.T(locale, "blameless.suggest")))];
    }

    public static bool Blames(string text) => Blaming().IsMatch(text);

    [GeneratedRegex(@"@\w[\w.-]*\s+(?:broke|caused|messed|screwed|forgot|deleted|dropped|failed to)\b|\b\w+'s fault\b|\bfault of\b|\bblame[sd]?\b|\bhuman error\b|のせい|が悪い|のミス|がミス|人為的ミス", RegexOptions.IgnoreCase)]
    private static partial Regex Blaming();
}
