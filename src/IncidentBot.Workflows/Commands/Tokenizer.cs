using System.Text;
using IncidentBot.Workflows.Language;

namespace IncidentBot.Workflows.Commands;

/// <summary>
/// Splits a command into words. Any Unicode space separates words (the ideographic space U+3000
/// included). "double", 'single', “curly” and 「corner」 quotes group words.
/// </summary>
public static class Tokenizer
{
    private static readonly Dictionary<char, char> Quotes = new()
    {
        ['"'] = '"',
        ['\''] = '\'',
        ['“'] = '”',
        ['「'] = '」',
        ['『'] = '』',
    };

    public static IReadOnlyList<Token>? TryTokenize(string text, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        error = null;
        var tokens = new List<Token>();
        var word = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                Flush(tokens, word);
                i++;
            }
            else if (word.Length == 0 && Quotes.TryGetValue(c, out var close) && !IsApostrophe(text, i))
            {
                var end = text.IndexOf(close, i + 1);
                if (end < 0)
                {
                    error = Say.T($"A quote opened with {c} is never closed.", $"引用符 `{c}` が閉じられていません。");
                    return null;
                }

                tokens.Add(new Token(text[(i + 1)..end], Quoted: true) { Raw = text[i..(end + 1)] });
                i = end + 1;
            }
            else
            {
                word.Append(c);
                i++;
            }
        }

        Flush(tokens, word);
        return tokens;
    }

    // "don't" and "Alice's" are words, not quotes: a single quote opens a quote only before a
    // matching one that ends a word.
    private static bool IsApostrophe(string text, int i)
    {
        if (text[i] != '\'')
        {
            return false;
        }

        var end = text.IndexOf('\'', i + 1);
        return end < 0 || (end + 1 < text.Length && !char.IsWhiteSpace(text[end + 1]));
    }

    private static void Flush(List<Token> tokens, StringBuilder word)
    {
        if (word.Length > 0)
        {
            tokens.Add(new Token(word.ToString(), Quoted: false));
            word.Clear();
        }
    }
}
