using System.Text.Json;
using System.Text.Json.Nodes;
using IncidentBot.Workflows.Chat;
using IncidentBot.Workflows.Commands;
using IncidentBot.Workflows.Language;
using IncidentBot.Workflows.Outbox;

namespace IncidentBot.Chat.Slack;

/// <summary>
/// Interactivity (protocols §A4): a button carries the typed command it stands for and is handled
/// like it; a button whose command needs words opens a dialog; dialogs submitted become commands.
/// A press someone may not make is explained to them privately; a dialog shows what was wrong in place.
/// </summary>
public sealed class SlackInteractions(CommandDispatcher dispatcher, SlackDirectory directory, SlackModals modals, IOutboxStore outbox)
{
    public async Task<SlackAnswer> InteractionAsync(JsonObject payload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var user = payload["user"]?["id"]?.GetValue<string>();
        if (string.IsNullOrEmpty(user))
        {
            return SlackAnswer.BadRequest("An interaction payload needs user.id.");
        }

        await directory.LearnAsync(user, payload["user"]?["username"]?.GetValue<string>() ?? payload["user"]?["name"]?.GetValue<string>(), cancellationToken);
        switch (payload["type"]?.GetValue<string>())
        {
            case "block_actions":
                return await ButtonAsync(payload, user, cancellationToken);
            case "view_submission":
                return await SubmitAsync(payload, user, cancellationToken);
            case "view_closed" or "shortcut" or "message_action" or "block_suggestion":
                return SlackAnswer.Ok;
            case var other:
                return SlackAnswer.BadRequest($"Unknown interaction type '{other}'.");
        }
    }

    private async Task<SlackAnswer> ButtonAsync(JsonObject payload, string user, CancellationToken cancellationToken)
    {
        var action = payload["actions"]?.AsArray().FirstOrDefault();
        var command = action?["value"]?.GetValue<string>();
        if (!SlackBlocks.IsCommandAction(action?["action_id"]?.GetValue<string>()) || string.IsNullOrEmpty(command))
        {
            return SlackAnswer.Ok; // a button of some other app's message; nothing of ours
        }

        var channel = payload["channel"]?["id"]?.GetValue<string>() ?? payload["container"]?["channel_id"]?.GetValue<string>() ?? "";
        if (new ChatButton("", command).NeedsInput)
        {
            var trigger = payload["trigger_id"]?.GetValue<string>();
            return trigger is null ? SlackAnswer.Ok : new SlackAnswer(200, After: () => modals.OpenAsync(trigger, SlackModals.InputView(command, channel), user, channel, CancellationToken.None));
        }

        var key = "slack-action:" + (payload["trigger_id"]?.GetValue<string>() ?? $"{user}:{action!["action_ts"]?.GetValue<string>()}");
        var reply = await dispatcher.HandleAsync(new CommandRequest(command, Actor(user), Room(channel), key), cancellationToken);
        if (!reply.Ok || reply.Visibility == MessageVisibility.Ephemeral)
        {
            await outbox.ExplainAsync(channel, user, reply, cancellationToken);
        }

        return SlackAnswer.Ok;
    }

    private async Task<SlackAnswer> SubmitAsync(JsonObject payload, string user, CancellationToken cancellationToken)
    {
        var view = payload["view"];
        var values = view?["state"]?["values"];
        var meta = ParseMetadata(view?["private_metadata"]?.GetValue<string>());
        var channel = meta?["channel"]?.GetValue<string>() ?? "";
        string Value(string block) => values?[block]?[block]?["value"]?.GetValue<string>()?.Trim()
            ?? values?[block]?[block]?["selected_option"]?["value"]?.GetValue<string>() ?? "";

        var key = "slack-view:" + (view?["id"]?.GetValue<string>() ?? "") + ":" + (view?["hash"]?.GetValue<string>() ?? "");
        switch (view?["callback_id"]?.GetValue<string>())
        {
            case SlackModals.StartModal:
                {
                    var title = Value("title");
                    if (title.Length == 0)
                    {
                        return Errors("title", Say.T("Give the incident a title: what is broken, for whom.", "インシデントのタイトルを入力してください（何が、誰にとって壊れているか）。"));
                    }

                    var severity = Value("severity");
                    var start = await dispatcher.HandleAsync(
                        new CommandRequest($"/incident start {(severity.Length > 0 ? severity + " " : "")}\"{title.Replace('"', '\'')}\"", Actor(user), Room(channel), key) { OpensOwnRoom = true },
                        cancellationToken);
                    if (!start.Ok || start.Incident is not { } id)
                    {
                        return Errors("title", Plain(start.Text));
                    }

                    foreach (var (block, verb) in new[] { ("summary", "summary"), ("service", "services") })
                    {
                        if (Value(block) is { Length: > 0 } text)
                        {
                            await dispatcher.HandleAsync(new CommandRequest($"/incident {verb} {id} {text}", Actor(user), null, $"{key}:{block}"), cancellationToken);
                        }
                    }

                    await outbox.ExplainAsync(channel, user, start with { Visibility = MessageVisibility.Ephemeral }, cancellationToken);
                    return SlackAnswer.Ok;
                }

            case SlackModals.InputModal:
                {
                    var template = meta?["command"]?.GetValue<string>() ?? "";
                    var text = Value("input");
                    if (text.Length == 0)
                    {
                        return Errors("input", Say.T("Fill this in, or close the dialog.", "入力するか、ダイアログを閉じてください。"));
                    }

                    var placeholder = template.IndexOf('<', StringComparison.Ordinal);
                    var end = template.IndexOf('>', placeholder + 1);
                    var command = placeholder < 0 || end < 0 ? template + " " + text : template[..placeholder] + text + template[(end + 1)..];
                    var reply = await dispatcher.HandleAsync(new CommandRequest(command, Actor(user), Room(channel), key), cancellationToken);
                    return reply.Ok ? SlackAnswer.Ok : Errors("input", Plain(reply.Text));
                }

            default:
                return SlackAnswer.Ok;
        }
    }

    private static RoomAddress? Room(string channel) => channel.Length == 0 ? null : SlackPlatform.Room(channel);

    /// <summary>The name to record someone by: their Slack username when known, else the id.</summary>
    private string Actor(string user) => directory.NameOf(user) ?? user;

    private static JsonNode? ParseMetadata(string? text)
    {
        try
        {
            return string.IsNullOrEmpty(text) ? null : JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static SlackAnswer Errors(string block, string problem) => new(200, new JsonObject
    {
        ["response_action"] = "errors",
        ["errors"] = new JsonObject { [block] = TextCut.Cut(problem, 150) },
    });

    private static string Plain(string text) => text.Replace("`", "", StringComparison.Ordinal);
}
