using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Language;

namespace IncidentBot.Workflows.Commands;

/// <summary>
/// Reads <c>/incident &lt;verb&gt; ...</c>, the one grammar every platform shares. An incident id
/// (<c>INC-0042</c>) may stand anywhere as a word of its own. Mistakes get the usage of the
/// nearest verb.
/// </summary>
public static class CommandParser
{
    /// <summary>Longer commands are refused whole: a note of this size belongs in a linked document.</summary>
    public const int MaxLength = 8_000;

    private static readonly HashSet<string> ValueFlags = ["at", "from", "to"];
    private static readonly Dictionary<string, string[]> KnownFlags = new()
    {
        ["start"] = ["triage"],
        ["note"] = ["at"],
        ["impact"] = ["from", "to"],
        ["role"] = ["remove"],
        ["close"] = ["no-postmortem"],
        ["list"] = ["all"],
    };

    public static (ParsedCommand? Command, Refusal? Refusal) Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return (null, Help(Say.T("The command is empty.", "コマンドが空です。")));
        }

        if (text.Length > MaxLength)
        {
            return (null, new Refusal(
                Say.T(
                    $"That command is {text.Length:N0} characters long; the limit is {MaxLength:N0}. Put long text in a document and note its link.",
                    $"このコマンドは {text.Length:N0} 文字あります。上限は {MaxLength:N0} 文字です。長い文章はドキュメントに書き、そのリンクをメモしてください。"),
                "/incident note <link>"));
        }

        // A Japanese keyboard types the slash full-width: ／incident is /incident.
        var trimmed = text.Trim();
        if (trimmed.StartsWith('／'))
        {
            trimmed = "/" + trimmed[1..];
        }

        var tokens = Tokenizer.TryTokenize(trimmed, out var error);
        if (tokens is null)
        {
            return (null, new Refusal(error!, "/incident note \"text with spaces\""));
        }

        var words = tokens.ToList();
        if (words[0] is { Quoted: false } first && first.Text.StartsWith('/'))
        {
            if (!first.Text.Equals("/incident", StringComparison.OrdinalIgnoreCase))
            {
                return (null, Help(Say.T(
                    $"`{first.Text}` is not a command of this bot; its commands start with /incident.",
                    $"`{first.Text}` はこのボットのコマンドではありません。コマンドは /incident で始まります。")));
            }

            words.RemoveAt(0);
        }
        else if (words[0].Text.Equals("incident", StringComparison.OrdinalIgnoreCase))
        {
            words.RemoveAt(0);
        }

        IncidentId? incident = null;
        for (var i = words.Count - 1; i >= 0; i--)
        {
            if (!words[i].Quoted && IncidentId.TryParse(words[i].Text, out var id))
            {
                if (incident is { } other && other != id)
                {
                    return (null, new Refusal(
                        Say.T($"The command names two incidents, {id} and {other}; name one.", $"コマンドに 2 つのインシデント（{id} と {other}）が含まれています。1 つだけ指定してください。"),
                        "/incident status INC-0042"));
                }

                incident = id;
                words.RemoveAt(i);
            }
        }

        if (words.Count == 0)
        {
            return (null, Help(incident is null
                ? Say.T("The command has no verb.", "コマンドにサブコマンドがありません。")
                : Say.T($"What should happen to {incident}?", $"{incident} に対して何を実行しますか？")));
        }

        var verbWord = words[0].Text;
        words.RemoveAt(0);
        var shown = Chat.TextCut.Cut(verbWord, 40); // a pasted page is not echoed back whole
        if (SeverityText.TryParse(verbWord, out var severity) && verbWord.StartsWith("sev", StringComparison.OrdinalIgnoreCase))
        {
            verbWord = "sev";
            words.Insert(0, new Token(((int)severity).ToString(System.Globalization.CultureInfo.InvariantCulture), Quoted: false));
        }

        if (IsSeverityLike(verbWord))
        {
            return (null, OutOfRange(shown));
        }

        var verb = Verbs.Find(verbWord);
        if (verb is null)
        {
            // A suggestion only when it is near what was typed: a far one sends people the wrong way.
            var closest = Verbs.Closest(verbWord);
            var lower = verbWord.ToLowerInvariant();
            var near = closest.Aliases.Prepend(closest.Name).Any(n => Verbs.EditDistance(lower, n) <= 2 || (lower.Length >= 2 && n.StartsWith(lower, StringComparison.Ordinal)));
            return (null, near
                ? new Refusal(
                    Say.T(
                        $"There is no verb `{shown}`. Did you mean `{closest.Name}`? Usage: `{closest.Usage}`",
                        $"サブコマンド `{shown}` はありません。`{closest.Name}` のことですか？使い方：`{closest.Usage}`"),
                    closest.Usage,
                    "/incident help")
                : Help(Say.T($"There is no verb `{shown}`.", $"サブコマンド `{shown}` はありません。")));
        }

        return ReadFlags(verb, incident, words);
    }

    private static (ParsedCommand?, Refusal?) ReadFlags(VerbSpec verb, IncidentId? incident, List<Token> words)
    {
        var flags = new Dictionary<string, string?>();
        var args = new List<Token>();
        var allowed = KnownFlags.GetValueOrDefault(verb.Name, []);
        for (var i = 0; i < words.Count; i++)
        {
            if (!words[i].IsFlag)
            {
                args.Add(words[i]);
                continue;
            }

            var name = words[i].Text[2..].ToLowerInvariant();
            if (!allowed.Contains(name))
            {
                // A mistyped option of this verb is refused; any other --word is text (`--debug の出力` in a note).
                if (allowed.FirstOrDefault(a => Verbs.EditDistance(name, a) <= 2) is { } meant)
                {
                    return (null, new Refusal(
                        Say.T($"`/incident {verb.Name}` has no option --{name}; did you mean --{meant}? Usage: `{verb.Usage}`", $"`/incident {verb.Name}` に --{name} オプションはありません。--{meant} のことですか？使い方：`{verb.Usage}`"),
                        verb.Usage));
                }

                args.Add(words[i]);
                continue;
            }

            string? value = null;
            if (ValueFlags.Contains(name))
            {
                if (i + 1 >= words.Count)
                {
                    return (null, new Refusal(Say.T($"--{name} needs a value. Usage: `{verb.Usage}`", $"--{name} には値が必要です。使い方：`{verb.Usage}`"), verb.Usage));
                }

                value = words[++i].Text;
            }

            flags[name] = value;
        }

        return (new ParsedCommand(verb, incident, flags, args), null);
    }

    /// <summary><c>sev9</c>, <c>sev0</c>: meant as a severity, but not one.</summary>
    internal static bool IsSeverityLike(string word) =>
        word.Length > 3 && word.StartsWith("sev", StringComparison.OrdinalIgnoreCase) && word[3..].All(char.IsAsciiDigit) && !SeverityText.TryParse(word, out _);

    internal static Refusal OutOfRange(string word) => new(
        Say.T($"`{word}` is not a severity: they run from sev1 (the worst) to sev4.", $"`{word}` という重要度はありません。重要度は sev1（最も深刻）から sev4 までです。"),
        "/incident sev <1-4>");

    // The problem is already in the bot's language; the hint follows it as a sentence of its own.
    private static Refusal Help(string problem) =>
        new(Say.T(problem + " Try `/incident help`.", problem + "`/incident help` を参照してください。"), "/incident help", "/incident start <title>");
}
