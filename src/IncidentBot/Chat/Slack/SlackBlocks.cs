using System.Text.Json.Nodes;
using IncidentBot.Workflows.Chat;

namespace IncidentBot.Chat.Slack;

/// <summary>
/// A chat-neutral <see cref="BotMessage"/> as Block Kit (protocols §A9 limits): header, text in
/// sections of at most 3,000 characters, fields, buttons in action blocks, context; and the plain
/// fallback text notifications show. Every button's value is the command it stands for.
/// </summary>
public static class SlackBlocks
{
    public const int MaxBlocks = 50;
    private const int MaxSectionText = 3000;
    private const int MaxFallback = 3900;
    private const int ButtonsPerBlock = 5;
    private const int MaxButtons = 25;

    public static (string Text, JsonArray Blocks) Render(BotMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var blocks = new JsonArray();
        if (message.Header is { } header)
        {
            blocks.Add(new JsonObject { ["type"] = "header", ["text"] = Plain(Cut(header, 150)) });
        }

        foreach (var chunk in Chunks(Mrkdwn(message.Text), MaxSectionText))
        {
            blocks.Add(Section(chunk));
        }

        foreach (var group in message.Fields.Chunk(10))
        {
            blocks.Add(new JsonObject
            {
                ["type"] = "section",
                ["fields"] = new JsonArray([.. group.Select(f => (JsonNode)Markdown(Cut($"*{f.Title}*\n{(f.Code && f.Value.Length > 0 ? $"```{Mrkdwn(f.Value)}```" : Mrkdwn(f.Value))}", 2000)))]),
            });
        }

        var buttons = message.Buttons.Take(MaxButtons).Select((b, i) => (b, i)).ToList();
        foreach (var group in buttons.Chunk(ButtonsPerBlock))
        {
            blocks.Add(new JsonObject
            {
                ["type"] = "actions",
                ["elements"] = new JsonArray([.. group.Select(x => (JsonNode)Button(x.b, x.i))]),
            });
        }

        if (message.Links.Count > 0)
        {
            blocks.Add(new JsonObject
            {
                ["type"] = "context",
                ["elements"] = new JsonArray(Markdown(Cut(Links(message.Links.Take(10)), 2000))),
            });
        }

        if (message.Context.Count > 0)
        {
            blocks.Add(new JsonObject
            {
                ["type"] = "context",
                ["elements"] = new JsonArray([.. message.Context.Take(10).Select(c => (JsonNode)Markdown(Cut(Mrkdwn(c), 2000)))]),
            });
        }

        while (blocks.Count > MaxBlocks)
        {
            blocks.RemoveAt(blocks.Count - 1);
        }

        var fallback = message.Header is null ? message.Text : $"{message.Header}: {message.Text}";
        return (Cut(fallback, MaxFallback), blocks);
    }

    /// <summary>The button's command, read back from a block_actions payload (action ids are <c>cmd-N</c>).</summary>
    public static bool IsCommandAction(string? actionId) => actionId?.StartsWith("cmd-", StringComparison.Ordinal) == true;

    private static JsonObject Button(ChatButton button, int index)
    {
        var element = new JsonObject
        {
            ["type"] = "button",
            ["action_id"] = $"cmd-{index}",
            ["text"] = Plain(Cut(button.Label, 75)),
            ["value"] = Cut(button.Command, 2000),
        };
        if (button.Style != ButtonStyle.Default)
        {
            element["style"] = button.Style == ButtonStyle.Primary ? "primary" : "danger";
        }

        return element;
    }

    private static JsonObject Section(string text) => new() { ["type"] = "section", ["text"] = Markdown(text) };

    private static JsonObject Markdown(string text) => new() { ["type"] = "mrkdwn", ["text"] = text.Length == 0 ? " " : text };

    private static JsonObject Plain(string text) => new() { ["type"] = "plain_text", ["text"] = text, ["emoji"] = true };

    /// <summary>
    /// The bot writes **bold** in Markdown; Slack's mrkdwn spells it *bold*. &lt;, &gt; and &amp; are
    /// escaped as Slack asks, so nobody's words become a Slack mention or link.
    /// </summary>
    public static string Mrkdwn(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Replace("&", "&amp;", StringComparison.Ordinal)
            .Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal)
            .Replace("**", "*", StringComparison.Ordinal);
    }

    /// <summary>The bot's own links as one line of Slack links, <c>&lt;https://…|title&gt; · …</c>.</summary>
    private static string Links(IEnumerable<ChatLink> links) =>
        string.Join(" · ", links.Where(l => ChatLink.IsWeb(l.Url)).Select(l => $"<{Mrkdwn(l.Url)}|{Mrkdwn(l.Title).Replace("|", "/", StringComparison.Ordinal)}>"));

    private static IEnumerable<string> Chunks(string text, int size)
    {
        if (text.Length == 0)
        {
            yield return " ";
            yield break;
        }

        var rest = text;
        while (rest.Length > size)
        {
            var cut = rest.LastIndexOf('\n', size - 1);
            cut = cut <= 0 ? size : cut;
            yield return rest[..cut];
            rest = rest[cut..].TrimStart('\n');
        }

        if (rest.Length > 0)
        {
            yield return rest;
        }
    }

    private static string Cut(string text, int max) => TextCut.Cut(text, max);
}
