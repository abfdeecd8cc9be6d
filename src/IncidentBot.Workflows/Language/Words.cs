using System.Globalization;
using System.Text.RegularExpressions;

namespace IncidentBot.Workflows.Language;

/// <summary>
/// A line kept in both languages, for text held in static tables (verb summaries, labels) that must
/// be read in the language of the moment it is shown, not of the moment the table was built. A line
/// an event stores is stored as <see cref="En"/> (events are language-neutral) and read back with
/// <see cref="ReadBack"/> when it is shown.
/// </summary>
public readonly record struct Words(string En, string Ja)
{
    public override string ToString() => Say.T(En, Ja);

    public static implicit operator string(Words words) => words.ToString();

    /// <summary><see cref="En"/> with its <c>{0}</c>, <c>{1}</c>… filled in: the form an event stores.</summary>
    public string Stored(params object[] values) => string.Format(CultureInfo.InvariantCulture, En, values);

    /// <summary>The values in <paramref name="stored"/> when it is <see cref="En"/> with its <c>{0}</c>, <c>{1}</c>… filled in; null when it is not.</summary>
    public string[]? ValuesIn(string stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var pattern = "^" + Regex.Replace(Regex.Escape(En), @"\\\{(\d)}", "(?<v$1>.+?)") + "$";
        var match = Regex.Match(stored, pattern, RegexOptions.Singleline | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        return match.Success
            ? [.. Enumerable.Range(0, 10).TakeWhile(i => match.Groups["v" + i.ToString(CultureInfo.InvariantCulture)].Success).Select(i => match.Groups["v" + i.ToString(CultureInfo.InvariantCulture)].Value)]
            : null;
    }

    /// <summary>
    /// A value an event stored (<see cref="Stored"/>) in the bot's language: the first of
    /// <paramref name="templates"/> it was written from, filled in with its values; anything else
    /// (people's own words) as it is.
    /// </summary>
    public static string ReadBack(string stored, params Words[] templates)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(templates);
        foreach (var template in templates)
        {
            if (template.ValuesIn(stored) is { } values)
            {
                object[] args = [.. values];
                return string.Format(CultureInfo.InvariantCulture, template.ToString(), args);
            }
        }

        return stored;
    }
}
