using System.Text.Json.Nodes;
using IncidentBot.Workflows.Chat;
using IncidentBot.Workflows.Language;
using IncidentBot.Workflows.Outbox;

namespace IncidentBot.Chat.Slack;

/// <summary>
/// The bot's dialogs (protocols §A4): starting an incident without a title, and filling in the words
/// a button's command needs. A dialog that does not open is explained to the person, with the command
/// to type instead.
/// </summary>
public sealed class SlackModals(SlackApi api, IOutboxStore outbox, ILogger<SlackModals> logger)
{
    public const string StartModal = "incident-start";
    public const string InputModal = "command-input";
    private static readonly string[] Severities = ["sev1", "sev2", "sev3", "sev4"];

    /// <summary>Opens <paramref name="view"/>; runs after the answer to Slack, so it is not cancelled with the request.</summary>
    public async Task OpenAsync(string trigger, JsonObject view, string user, string channel, CancellationToken cancellationToken)
    {
        try
        {
            await api.CallAsync("views.open", new Dictionary<string, object?> { ["trigger_id"] = trigger, ["view"] = view }, cancellationToken);
        }
        catch (SlackApiException ex)
        {
            logger.LogWarning("views.open failed: {Error}. {Advice}", ex.Error, SlackApiException.Advice(ex.Error));
            var explanation = new BotMessage
            {
                Ok = false,
                Visibility = MessageVisibility.Ephemeral,
                Text = Say.T(
                    $"The dialog did not open ({ex.Error}). Type the command instead: `/incident start sev2 <title>`.",
                    $"ダイアログを開けませんでした（{ex.Error}）。代わりにコマンドを入力してください：`/incident start sev2 <title>`"),
            };
            await outbox.ExplainAsync(channel, user, explanation, cancellationToken);
        }
    }

    public static JsonObject StartView(string channel) => new()
    {
        ["type"] = "modal",
        ["callback_id"] = StartModal,
        ["private_metadata"] = new JsonObject { ["channel"] = channel }.ToJsonString(),
        ["title"] = PlainText(Say.T("Start an incident", "インシデントを開始")),
        ["submit"] = PlainText(Say.T("Start", "開始")),
        ["close"] = PlainText(Cancel),
        ["blocks"] = new JsonArray(
            Input("title", Say.T("Title", "タイトル"), Say.T("What is broken, for whom", "何が、誰にとって壊れているか"), multiline: false, optional: false),
            new JsonObject
            {
                ["type"] = "input",
                ["block_id"] = "severity",
                ["optional"] = true,
                ["label"] = PlainText(Say.T("Severity", "重要度")),
                ["element"] = new JsonObject
                {
                    ["type"] = "static_select",
                    ["action_id"] = "severity",
                    ["placeholder"] = PlainText(Say.T("Not sure yet", "まだわからない")),
                    ["options"] = new JsonArray([.. Severities.Select(s => (JsonNode)new JsonObject { ["text"] = PlainText(s.ToUpperInvariant()), ["value"] = s })]),
                },
            },
            Input("summary", Say.T("Summary", "概要"), Say.T("What is going on, in a sentence or two", "何が起きているか、1〜2 文で"), multiline: true, optional: true),
            Input("service", Say.T("Affected service", "影響を受けるサービス"), "checkout, payments-db", multiline: false, optional: true)),
    };

    public static JsonObject InputView(string command, string channel)
    {
        ArgumentNullException.ThrowIfNull(command);
        var start = command.IndexOf('<', StringComparison.Ordinal);
        var end = command.IndexOf('>', start + 1);
        var label = start >= 0 && end > start ? command[(start + 1)..end] : "text";
        return new JsonObject
        {
            ["type"] = "modal",
            ["callback_id"] = InputModal,
            ["private_metadata"] = new JsonObject { ["command"] = command, ["channel"] = channel }.ToJsonString(),
            ["title"] = PlainText("IncidentBot"),
            ["submit"] = PlainText(Say.T("Send", "送信")),
            ["close"] = PlainText(Cancel),
            ["blocks"] = new JsonArray(
                new JsonObject { ["type"] = "context", ["elements"] = new JsonArray(new JsonObject { ["type"] = "mrkdwn", ["text"] = $"`{SlackBlocks.Mrkdwn(command)}`" }) },
                // The field is named by the command's placeholder (<what was done>), which stays as the command spells it.
                Input("input", Say.T(char.ToUpperInvariant(label[0]) + label[1..], $"入力内容（<{label}>）"), label, multiline: true, optional: false)),
        };
    }

    private static JsonObject Input(string block, string label, string placeholder, bool multiline, bool optional) => new()
    {
        ["type"] = "input",
        ["block_id"] = block,
        ["optional"] = optional,
        ["label"] = PlainText(label),
        ["element"] = new JsonObject
        {
            ["type"] = "plain_text_input",
            ["action_id"] = block,
            ["multiline"] = multiline,
            ["placeholder"] = PlainText(placeholder),
        },
    };

    private static string Cancel => Say.T("Cancel", "キャンセル");

    private static JsonObject PlainText(string text) => new() { ["type"] = "plain_text", ["text"] = text };
}
