using System.Text;
using System.Text.RegularExpressions;

namespace IncidentBot.Workflows.Claims;

/// <summary>
/// Decides whether two descriptions of work are the same work, so a second responder is stopped
/// before repeating it (seed 001: two SREs ran the same Redis investigation twice).
///
/// The rule, kept simple enough to explain in a refusal:
/// 1. Normalise: Unicode NFKC (full-width letters become ASCII), lower case, and drop everything
///    that is not a letter or a digit, spaces included, so "connection-attempts" and
///    "ConnectionAttempts" and Japanese text without spaces compare alike.
/// 2. Numbers must agree: "broker 1" and "broker 2" are different work however alike the rest is.
/// 3. Latin words must agree: a word on one side only must be a filler ("the", "on") or be
///    contained in the other side's text ("roll back" ~ "rollback"), so "... on the writer" and
///    "... on the reader" stay apart although they differ in two letters.
/// 4. Then the texts are the same work when the Dice coefficient of their character bigrams is at
///    least <see cref="Threshold"/>. Bigrams work for English and Japanese alike and forgive a
///    particle or a verb ending ("RDSの接続数を確認" ~ "RDS 接続数を確認する").
/// </summary>
public static partial class WorkSimilarity
{
    public const double Threshold = 0.7;

    public static bool IsSameWork(string a, string b)
    {
        var left = Normalize(a);
        var right = Normalize(b);
        if (left.Length == 0 || right.Length == 0)
        {
            return false;
        }

        if (left == right)
        {
            return true;
        }

        return Numbers(a).SequenceEqual(Numbers(b))
            && WordsAgree(a, right) && WordsAgree(b, left)
            && Dice(left, right) >= Threshold;
    }

    private static readonly HashSet<string> Fillers = ["the", "a", "an", "on", "of", "for", "to", "in", "at", "and", "with", "from", "please"];

    /// <summary>Every Latin word of <paramref name="text"/> is a filler or appears in the other side's normalised text.</summary>
    private static bool WordsAgree(string text, string otherNormalized)
    {
        foreach (var word in LatinWords().Matches(text.Normalize(NormalizationForm.FormKC).ToLowerInvariant()).Select(m => m.Value))
        {
            if (!Fillers.Contains(word) && !otherNormalized.Contains(word, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    [GeneratedRegex("[a-z0-9]+")]
    private static partial Regex LatinWords();

    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var folded = text.Normalize(NormalizationForm.FormKC).ToLowerInvariant();
        var kept = new StringBuilder(folded.Length);
        foreach (var c in folded)
        {
            if (char.IsLetterOrDigit(c))
            {
                kept.Append(c);
            }
        }

        return kept.ToString();
    }

    /// <summary>Dice coefficient over the multisets of character bigrams: 2|A∩B| / (|A|+|B|).</summary>
    public static double Dice(string left, string right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        if (left.Length < 2 || right.Length < 2)
        {
            return left == right ? 1 : 0;
        }

        var counts = new Dictionary<(char, char), int>();
        for (var i = 0; i < left.Length - 1; i++)
        {
            var key = (left[i], left[i + 1]);
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }

        var shared = 0;
        for (var i = 0; i < right.Length - 1; i++)
        {
            var key = (right[i], right[i + 1]);
            if (counts.TryGetValue(key, out var n) && n > 0)
            {
                counts[key] = n - 1;
                shared++;
            }
        }

        return 2.0 * shared / (left.Length - 1 + right.Length - 1);
    }

    private static List<string> Numbers(string text)
    {
        var normalized = text.Normalize(NormalizationForm.FormKC);
        var numbers = new List<string>();
        var start = -1;
        for (var i = 0; i <= normalized.Length; i++)
        {
            var isDigit = i < normalized.Length && char.IsAsciiDigit(normalized[i]);
            if (isDigit && start < 0)
            {
                start = i;
            }
            else if (!isDigit && start >= 0)
            {
                numbers.Add(normalized[start..i].TrimStart('0'));
                start = -1;
            }
        }

        return numbers;
    }
}
