using System.Globalization;

namespace IncidentBot.Workflows.Chat;

/// <summary>
/// Shortens text for a limit (a title, a Slack field) without breaking what people read: the cut falls
/// between user-perceived characters, so an emoji, a flag or an accented letter is never split into
/// a replacement character, and an ellipsis says something was left out.
/// </summary>
public static class TextCut
{
    /// <summary><paramref name="text"/> in at most <paramref name="max"/> UTF-16 units, ending in "…" when cut.</summary>
    public static string Cut(string text, int max)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        if (text.Length <= max)
        {
            return text;
        }

        var keep = 0;
        for (var at = 0; at < text.Length;)
        {
            var next = at + StringInfo.GetNextTextElementLength(text, at);
            if (next > max - 1)
            {
                break;
            }

            keep = at = next;
        }

        return text[..keep] + "…";
    }
}
