using System.Text.RegularExpressions;
using System.Text.Json.Nodes;
using IncidentBot.Workflows.Chat;
using IncidentBot.Workflows.Language;

namespace IncidentBot.Chat.Teams;

/// <summary>
/// A chat-neutral <see cref="BotMessage"/> as an Adaptive Card 1.5 (protocols §B4): the header bold,
/// the text, the fields as facts (commands in monospace), the bot's own links, buttons as
/// <c>Action.Execute</c> carrying the command they stand for (a command that needs words opens a small
/// form first), context in small print; kept under Teams' ~28 KB per message.
/// </summary>
public static partial class TeamsCards
{
    public const string Verb = "incidentbot.command";
    public const string ContentType = "application/vnd.microsoft.card.adaptive";

    /// <summary>Cards are cut below this size; Teams refuses messages over about 28 KB.</summary>
    public const int MaxBytes = 24_000;

    private const int MaxText = 4_000;
    private const int ButtonsPerRow = 5;

    public static JsonObject Render(BotMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var card = Build(message, MaxText);
        for (var limit = MaxText / 2; card.ToJsonString().Length > MaxBytes && limit > 200; limit /= 2)
        {
            card = Build(message, limit); // long content is cut, never refused
        }

        return card;
    }

    /// <summary>The card as an activity's attachment; the summary is what notifications show.</summary>
    public static JsonObject Activity(BotMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new JsonObject
        {
            ["type"] = "message",
            ["summary"] = TextCut.Cut(message.Header ?? message.Text, 200),
            ["attachments"] = new JsonArray(new JsonObject { ["contentType"] = ContentType, ["content"] = Render(message) }),
        };
    }

    private static JsonObject Build(BotMessage message, int maxText)
    {
        var body = new JsonArray();
        if (message.Header is { } header)
        {
            body.Add(Block(TextCut.Cut(header, 300), weight: "Bolder", size: "Medium"));
        }

        if (message.Text.Length > 0)
        {
            body.Add(Block(TextCut.Cut(message.Text, maxText)));
        }

        var facts = message.Fields.Where(f => !f.Code).ToList();
        if (facts.Count > 0)
        {
            body.Add(new JsonObject
            {
                ["type"] = "FactSet",
                ["facts"] = new JsonArray([.. facts.Select(f => (JsonNode)new JsonObject { ["title"] = Plain(TextCut.Cut(f.Title, 100)), ["value"] = Plain(TextCut.Cut(f.Value, maxText / 2)) })]),
            });
        }

        foreach (var code in message.Fields.Where(f => f.Code && f.Value.Length > 0))
        {
            body.Add(Block(code.Title, weight: "Bolder", size: "Small"));
            body.Add(new JsonObject { ["type"] = "TextBlock", ["text"] = Tagless(TextCut.Cut(code.Value, maxText / 2)), ["fontType"] = "Monospace", ["wrap"] = true });
        }

        var links = message.Links.Where(l => ChatLink.IsWeb(l.Url)).Take(10).ToList();
        if (links.Count > 0)
        {
            // The bot's own links, the only markdown links it writes: titles plain, addresses checked.
            body.Add(new JsonObject { ["type"] = "TextBlock", ["text"] = string.Join(" · ", links.Select(l => $"[{Plain(l.Title).Replace("]", ")", StringComparison.Ordinal)}]({l.Url.Replace(")", "%29", StringComparison.Ordinal)})")), ["wrap"] = true, ["size"] = "Small" });
        }

        foreach (var line in message.Context.Take(10))
        {
            body.Add(Block(TextCut.Cut(line, 500), size: "Small", subtle: true));
        }

        foreach (var row in message.Buttons.Take(25).Select((b, i) => (Button: b, Index: i)).Chunk(ButtonsPerRow))
        {
            body.Add(new JsonObject { ["type"] = "ActionSet", ["actions"] = new JsonArray([.. row.Select(b => (JsonNode)Action(b.Button, b.Index))]) });
        }

        return new JsonObject
        {
            ["type"] = "AdaptiveCard",
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["version"] = "1.5",
            ["body"] = body,
        };
    }

    /// <summary>
    /// A button: <c>Action.Execute</c> with the command it stands for; one whose command needs words
    /// (<c>&lt;what was done&gt;</c>) shows a field for them first, and names the field in <c>data.input</c>
    /// (ids are unique in a card, so each button's field has its own).
    /// </summary>
    private static JsonObject Action(ChatButton button, int index)
    {
        var execute = new JsonObject
        {
            ["type"] = "Action.Execute",
            ["title"] = TextCut.Cut(button.Label, 40),
            ["verb"] = Verb,
            ["data"] = new JsonObject { ["command"] = button.Command },
        };
        if (button.Style is ButtonStyle.Primary or ButtonStyle.Danger)
        {
            execute["style"] = button.Style == ButtonStyle.Primary ? "positive" : "destructive";
        }

        if (!button.NeedsInput)
        {
            return execute;
        }

        var start = button.Command.IndexOf('<', StringComparison.Ordinal);
        var end = button.Command.IndexOf('>', start + 1);
        var label = start >= 0 && end > start ? button.Command[(start + 1)..end] : "text";
        var field = $"input{index + 1}";
        execute["title"] = Say.T("Send", "送信");
        execute["data"]!["input"] = field;
        return new JsonObject
        {
            ["type"] = "Action.ShowCard",
            ["title"] = TextCut.Cut(button.Label, 40),
            ["card"] = new JsonObject
            {
                ["type"] = "AdaptiveCard",
                ["body"] = new JsonArray(new JsonObject { ["type"] = "Input.Text", ["id"] = field, ["label"] = Say.T(label, $"入力内容（<{label}>）"), ["isMultiline"] = true, ["isRequired"] = true, ["errorMessage"] = Say.T($"Say {label}.", "入力してください。") }),
                ["actions"] = new JsonArray(execute),
            },
        };
    }

    private static JsonObject Block(string text, string? weight = null, string? size = null, bool subtle = false)
    {
        var block = new JsonObject { ["type"] = "TextBlock", ["text"] = Plain(text), ["wrap"] = true };
        if (weight is not null)
        {
            block["weight"] = weight;
        }

        if (size is not null)
        {
            block["size"] = size;
        }

        if (subtle)
        {
            block["isSubtle"] = true;
        }

        return block;
    }

    /// <summary>
    /// Text as Teams should show it: the bot's **bold** kept, `code` marks dropped (TextBlocks have no
    /// inline code), and nobody's words turned into a link (a zero-width space breaks <c>](</c>).
    /// </summary>
    public static string Plain(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Tagless(text.Replace("`", "", StringComparison.Ordinal).Replace("](", "]\u200B(", StringComparison.Ordinal));
    }

    /// <summary>
    /// Teams' renderers drop what looks like an HTML tag, so a usage line's <c>&lt;text&gt;</c> would
    /// vanish: placeholder-shaped text is shown as ‹text›; <c>a &lt; b</c> and <c>psql &lt; fix.sql</c> are left alone.
    /// </summary>
    public static string Tagless(string text) => TagLike().Replace(text, "\u2039$1\u203A");

    [GeneratedRegex(@"<([a-z][a-z0-9 _.#|-]{0,60})>")]
    private static partial Regex TagLike();
}
