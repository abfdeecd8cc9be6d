using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using IncidentBot.Workflows.Chat;
using IncidentBot.Workflows.Commands;
using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Incidents.Events;
using IncidentBot.Workflows.Outbox;

namespace IncidentBot.Slack;

/// <summary>
/// Slack's three kinds of request (slash commands, interactions, events), handled the same whether
/// they came over HTTP or Socket Mode. Everything the room should see from a command is recorded
/// before the answer; whatever needs a Slack call goes through the outbox after it.
/// </summary>
public sealed class SlackInbound(
    CommandDispatcher dispatcher,
    IIncidentStore store,
    IOutboxStore outbox,
    SlackApi api,
    SlackDirectory directory,
    TimeProvider clock,
    ILogger<SlackInbound> logger)
{
    private const string StartModal = "incident-start";
    private const string InputModal = "command-input";
    private static readonly string[] Severities = ["sev1", "sev2", "sev3", "sev4"];

    // ---- slash commands (protocols §A2) ----

    public async Task<SlackAnswer> CommandAsync(Func<string, string?> field, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(field);
        if (field("ssl_check") == "1")
        {
            return SlackAnswer.Ok;
        }

        var (user, channel) = (field("user_id"), field("channel_id"));
        if (string.IsNullOrEmpty(user) || string.IsNullOrEmpty(channel))
        {
            return SlackAnswer.BadRequest("A slash command needs user_id and channel_id.");
        }

        directory.Learn(user, field("user_name"));
        var text = SlackText.Readable(field("text") ?? "", directory.NameOf).Trim();
        if (IsBareStart(text))
        {
            return field("trigger_id") is { Length: > 0 } trigger
                ? new SlackAnswer(200, After: () => OpenModalAsync(trigger, StartView(channel), user, channel))
                : Reply(Refusal("Name the incident: `/incident start sev2 checkout errors`."));
        }

        var reply = await dispatcher.HandleAsync(
            new CommandRequest("/incident " + text, Actor(user), "slack:" + channel) { AnsweredIn = "slack:" + channel, OpensOwnRoom = true },
            cancellationToken);
        return Reply(reply);
    }

    private static bool IsBareStart(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries) is [var verb] && Verbs.Find(verb)?.Name == "start";

    /// <summary>A reply as the slash command's answer: in the channel for changes, only to the user for errors and help.</summary>
    public static SlackAnswer Reply(BotMessage reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var (text, blocks) = SlackBlocks.Render(reply);
        return new SlackAnswer(200, new JsonObject
        {
            ["response_type"] = reply.Visibility == MessageVisibility.InChannel ? "in_channel" : "ephemeral",
            ["text"] = text,
            ["blocks"] = blocks,
        });
    }

    // ---- interactivity (protocols §A4) ----

    public async Task<SlackAnswer> InteractionAsync(JsonObject payload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var user = payload["user"]?["id"]?.GetValue<string>();
        if (string.IsNullOrEmpty(user))
        {
            return SlackAnswer.BadRequest("An interaction payload needs user.id.");
        }

        directory.Learn(user, payload["user"]?["username"]?.GetValue<string>() ?? payload["user"]?["name"]?.GetValue<string>());
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
            return trigger is null ? SlackAnswer.Ok : new SlackAnswer(200, After: () => OpenModalAsync(trigger, InputView(command, channel), user, channel));
        }

        var key = "slack-action:" + (payload["trigger_id"]?.GetValue<string>() ?? $"{user}:{action!["action_ts"]?.GetValue<string>()}");
        var reply = await dispatcher.HandleAsync(new CommandRequest(command, Actor(user), channel.Length == 0 ? "" : "slack:" + channel, key), cancellationToken);
        if (!reply.Ok || reply.Visibility == MessageVisibility.Ephemeral)
        {
            await ExplainAsync(channel, user, reply, cancellationToken);
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
            case StartModal:
                {
                    var title = Value("title");
                    if (title.Length == 0)
                    {
                        return Errors("title", "Give the incident a title: what is broken, for whom.");
                    }

                    var severity = Value("severity");
                    var start = await dispatcher.HandleAsync(
                        new CommandRequest($"/incident start {(severity.Length > 0 ? severity + " " : "")}\"{title.Replace('"', '\'')}\"", Actor(user), "slack:" + channel, key) { OpensOwnRoom = true },
                        cancellationToken);
                    if (!start.Ok || start.Incident is not { } id)
                    {
                        return Errors("title", Plain(start.Text));
                    }

                    foreach (var (block, verb) in new[] { ("summary", "summary"), ("service", "services") })
                    {
                        if (Value(block) is { Length: > 0 } text)
                        {
                            await dispatcher.HandleAsync(new CommandRequest($"/incident {verb} {id} {text}", Actor(user), "", $"{key}:{block}"), cancellationToken);
                        }
                    }

                    if (channel.Length > 0)
                    {
                        await ExplainAsync(channel, user, start with { Visibility = MessageVisibility.Ephemeral }, cancellationToken);
                    }

                    return SlackAnswer.Ok;
                }

            case InputModal:
                {
                    var template = meta?["command"]?.GetValue<string>() ?? "";
                    var text = Value("input");
                    if (text.Length == 0)
                    {
                        return Errors("input", "Fill this in, or close the dialog.");
                    }

                    var placeholder = template.IndexOf('<', StringComparison.Ordinal);
                    var end = template.IndexOf('>', placeholder + 1);
                    var command = placeholder < 0 || end < 0 ? template + " " + text : template[..placeholder] + text + template[(end + 1)..];
                    var reply = await dispatcher.HandleAsync(new CommandRequest(command, Actor(user), channel.Length == 0 ? "" : "slack:" + channel, key), cancellationToken);
                    return reply.Ok ? SlackAnswer.Ok : Errors("input", Plain(reply.Text));
                }

            default:
                return SlackAnswer.Ok;
        }
    }

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
        ["errors"] = new JsonObject { [block] = problem.Length <= 150 ? problem : problem[..149] + "…" },
    });

    private static string Plain(string text) => text.Replace("`", "", StringComparison.Ordinal);

    private async Task OpenModalAsync(string trigger, JsonObject view, string user, string channel)
    {
        try
        {
            await api.CallAsync("views.open", new Dictionary<string, object?> { ["trigger_id"] = trigger, ["view"] = view }, CancellationToken.None);
        }
        catch (SlackApiException ex)
        {
            logger.LogWarning("views.open failed: {Error}. {Advice}", ex.Error, SlackApiException.Advice(ex.Error));
            await ExplainAsync(channel, user, new BotMessage
            {
                Ok = false,
                Visibility = MessageVisibility.Ephemeral,
                Text = $"The dialog did not open ({ex.Error}). Type the command instead: `/incident start sev2 <title>`.",
            }, CancellationToken.None);
        }
    }

    private static JsonObject StartView(string channel) => new()
    {
        ["type"] = "modal",
        ["callback_id"] = StartModal,
        ["private_metadata"] = new JsonObject { ["channel"] = channel }.ToJsonString(),
        ["title"] = PlainText("Start an incident"),
        ["submit"] = PlainText("Start"),
        ["close"] = PlainText("Cancel"),
        ["blocks"] = new JsonArray(
            Input("title", "Title", "What is broken, for whom", multiline: false, optional: false),
            new JsonObject
            {
                ["type"] = "input",
                ["block_id"] = "severity",
                ["optional"] = true,
                ["label"] = PlainText("Severity"),
                ["element"] = new JsonObject
                {
                    ["type"] = "static_select",
                    ["action_id"] = "severity",
                    ["placeholder"] = PlainText("Not sure yet"),
                    ["options"] = new JsonArray([.. Severities.Select(s => (JsonNode)new JsonObject { ["text"] = PlainText(s.ToUpperInvariant()), ["value"] = s })]),
                },
            },
            Input("summary", "Summary", "What is going on, in a sentence or two", multiline: true, optional: true),
            Input("service", "Affected service", "checkout, payments-db", multiline: false, optional: true)),
    };

    private static JsonObject InputView(string command, string channel)
    {
        var start = command.IndexOf('<', StringComparison.Ordinal);
        var end = command.IndexOf('>', start + 1);
        var label = start >= 0 && end > start ? command[(start + 1)..end] : "text";
        return new JsonObject
        {
            ["type"] = "modal",
            ["callback_id"] = InputModal,
            ["private_metadata"] = new JsonObject { ["command"] = command, ["channel"] = channel }.ToJsonString(),
            ["title"] = PlainText("IncidentBot"),
            ["submit"] = PlainText("Send"),
            ["close"] = PlainText("Cancel"),
            ["blocks"] = new JsonArray(
                new JsonObject { ["type"] = "context", ["elements"] = new JsonArray(new JsonObject { ["type"] = "mrkdwn", ["text"] = $"`{SlackBlocks.Mrkdwn(command)}`" }) },
                Input("input", char.ToUpperInvariant(label[0]) + label[1..], label, multiline: true, optional: false)),
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

    private static JsonObject PlainText(string text) => new() { ["type"] = "plain_text", ["text"] = text };

    // ---- events (protocols §A5) ----

    public async Task<SlackAnswer> EventAsync(JsonObject envelope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        switch (envelope["type"]?.GetValue<string>())
        {
            case "url_verification":
                return envelope["challenge"]?.GetValue<string>() is { } challenge
                    ? new SlackAnswer(200, new JsonObject { ["challenge"] = challenge })
                    : SlackAnswer.BadRequest("url_verification needs a challenge.");
            case "app_rate_limited":
                logger.LogWarning("Slack dropped events for this app: more than 30,000 in an hour (minute {Minute})", envelope["minute_rate_limited"]?.ToJsonString());
                return SlackAnswer.Ok;
            case "event_callback":
                break;
            case var other:
                return SlackAnswer.BadRequest($"Unknown event envelope type '{other}'.");
        }

        var eventId = envelope["event_id"]?.GetValue<string>();
        if (envelope["event"] is not JsonObject e || string.IsNullOrEmpty(eventId))
        {
            return SlackAnswer.BadRequest("An event_callback needs event and event_id.");
        }

        foreach (var authorization in envelope["authorizations"]?.AsArray() ?? [])
        {
            if (authorization?["is_bot"]?.GetValue<bool>() == true && authorization["user_id"]?.GetValue<string>() is { } bot)
            {
                directory.BotUser ??= bot;
            }
        }

        var key = "slack-event:" + eventId;
        switch (e["type"]?.GetValue<string>())
        {
            case "message":
                await MessageAsync(e, key, cancellationToken);
                break;
            case "app_mention":
                await MentionAsync(e, key, cancellationToken);
                break;
            case "reaction_added" when IsPushpin(e):
                await MarkKeyAsync(e["item"]?["channel"]?.GetValue<string>(), e["item"]?["ts"]?.GetValue<string>(), e["user"]?.GetValue<string>(), key, cancellationToken);
                break;
            case "pin_added":
                await MarkKeyAsync(e["channel_id"]?.GetValue<string>() ?? e["item"]?["channel"]?.GetValue<string>(),
                    e["item"]?["message"]?["ts"]?.GetValue<string>(), e["user"]?.GetValue<string>(), key, cancellationToken);
                break;
        }

        return SlackAnswer.Ok;
    }

    private static bool IsPushpin(JsonObject e) => e["reaction"]?.GetValue<string>() == "pushpin" && e["item"]?["type"]?.GetValue<string>() == "message";

    private async Task MessageAsync(JsonObject e, string key, CancellationToken cancellationToken)
    {
        var channel = e["channel"]?.GetValue<string>();
        var subtype = e["subtype"]?.GetValue<string>();
        if (channel is null || await RoomAsync(channel, cancellationToken) is not { } id)
        {
            return;
        }

        switch (subtype)
        {
            case null or "thread_broadcast" or "file_share" or "me_message":
                {
                    var (user, text, ts) = (e["user"]?.GetValue<string>(), e["text"]?.GetValue<string>() ?? "", e["ts"]?.GetValue<string>());
                    if (user is null || ts is null || e["bot_id"] is not null || user == directory.BotUser
                        || (directory.BotUser is { } bot && text.TrimStart().StartsWith($"<@{bot}", StringComparison.Ordinal)))
                    {
                        return; // the bot's own words, or a command to it (app_mention records that)
                    }

                    var name = await NameAsync(user, cancellationToken);
                    var readable = SlackText.Readable(text, directory.NameOf);
                    if (readable.Length == 0)
                    {
                        return;
                    }

                    await dispatcher.RecordAsync(id, key, state => (state.EntryFor(MessageId(channel, ts)) is not null)
                        ? Decision.Answer(Quiet)
                        : Decision.Record(Quiet, new NoteAdded
                        {
                            Actor = name,
                            At = clock.GetUtcNow(),
                            Text = Cut(readable),
                            OccurredAt = TimeOf(ts) ?? clock.GetUtcNow(),
                            MessageId = MessageId(channel, ts),
                            Link = Permalink(channel, ts),
                        }), cancellationToken);
                    return;
                }

            case "message_changed":
                {
                    var ts = e["message"]?["ts"]?.GetValue<string>();
                    var text = SlackText.Readable(e["message"]?["text"]?.GetValue<string>() ?? "", directory.NameOf);
                    var before = SlackText.Readable(e["previous_message"]?["text"]?.GetValue<string>() ?? "", directory.NameOf);
                    var user = e["message"]?["user"]?.GetValue<string>();
                    if (ts is null || user is null || text == before)
                    {
                        return; // an unfurl or a thread count changed, not the words
                    }

                    var name = await NameAsync(user, cancellationToken);
                    await dispatcher.RecordAsync(id, key, state => state.EntryFor(MessageId(channel, ts)) is { } entry
                        ? Decision.Record(Quiet, new EntryCorrected { Actor = name, At = clock.GetUtcNow(), Supersedes = entry, Text = Cut(text) })
                        : Decision.Answer(Quiet), cancellationToken);
                    return;
                }

            case "message_deleted":
                {
                    var ts = e["deleted_ts"]?.GetValue<string>();
                    var user = e["previous_message"]?["user"]?.GetValue<string>();
                    if (ts is null)
                    {
                        return;
                    }

                    var name = user is null ? "someone" : await NameAsync(user, cancellationToken);
                    await dispatcher.RecordAsync(id, key, state => state.EntryFor(MessageId(channel, ts)) is { } entry
                        ? Decision.Record(Quiet, new EntryCorrected { Actor = name, At = clock.GetUtcNow(), Supersedes = entry, Text = "(message deleted)", Deleted = true })
                        : Decision.Answer(Quiet), cancellationToken);
                    return;
                }

            default:
                return; // joins, topic changes, bot messages, pins announced as messages
        }
    }

    private async Task MentionAsync(JsonObject e, string key, CancellationToken cancellationToken)
    {
        var (user, channel) = (e["user"]?.GetValue<string>(), e["channel"]?.GetValue<string>());
        if (user is null || channel is null || user == directory.BotUser)
        {
            return;
        }

        var text = SlackText.Readable(SlackText.WithoutMention(e["text"]?.GetValue<string>() ?? "", directory.BotUser), directory.NameOf).Trim();
        var name = await NameAsync(user, cancellationToken);
        var reply = await dispatcher.HandleAsync(
            new CommandRequest("/incident " + (text.Length == 0 ? "help" : text), name, "slack:" + channel, key) { OpensOwnRoom = true },
            cancellationToken);
        if (!reply.Ok || reply.Visibility == MessageVisibility.Ephemeral || await RoomAsync(channel, cancellationToken) is null)
        {
            // Not a change the room's outbox posts: tell the person who asked.
            await ExplainAsync(channel, user, reply, cancellationToken);
        }
    }

    private async Task MarkKeyAsync(string? channel, string? ts, string? user, string key, CancellationToken cancellationToken)
    {
        if (channel is null || ts is null || await RoomAsync(channel, cancellationToken) is not { } id)
        {
            return;
        }

        var name = user is null ? "someone" : await NameAsync(user, cancellationToken);
        await dispatcher.RecordAsync(id, key, state => state.EntryFor(MessageId(channel, ts)) is { } entry && !state.KeyEvents.Contains(entry)
            ? Decision.Record(Quiet, new KeyEventMarked { Actor = name, At = clock.GetUtcNow(), Entry = entry })
            : Decision.Answer(Quiet), cancellationToken);
    }

    private async Task<IncidentId?> RoomAsync(string channel, CancellationToken cancellationToken) =>
        (await store.FindByChannelAsync("slack:" + channel, cancellationToken))?.Id;

    private Task ExplainAsync(string channel, string user, BotMessage reply, CancellationToken cancellationToken) =>
        channel.Length == 0 ? Task.CompletedTask : outbox.EnqueueAsync([SlackOutboxPlanner.ExplainTo(channel, user, reply)], cancellationToken);

    /// <summary>The name to record someone by: their Slack username when known, else the profile's, else the id.</summary>
    private string Actor(string user) => directory.NameOf(user) ?? user;

    private async Task<string> NameAsync(string user, CancellationToken cancellationToken)
    {
        if (directory.NameOf(user) is { } known)
        {
            return known;
        }

        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(1));
            var info = await api.CallAsync("users.info", new Dictionary<string, object?> { ["user"] = user }, timeout.Token);
            var name = info["user"]?["name"]?.GetValue<string>();
            directory.Learn(user, name);
            return name ?? user;
        }
        catch (Exception ex) when (ex is SlackApiException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return user; // recorded by id rather than late: Slack waits three seconds at most
        }
    }

    private static string MessageId(string channel, string ts) => $"slack:{channel}/{ts}";

    private static string Permalink(string channel, string ts) => $"https://slack.com/archives/{channel}/p{ts.Replace(".", "", StringComparison.Ordinal)}";

    private static DateTimeOffset? TimeOf(string ts) =>
        decimal.TryParse(ts, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000))
            : null;

    private static string Cut(string text) => text.Length <= 4000 ? text : text[..3999] + "…";

    /// <summary>What the platform saw is recorded; the room already saw it, so nothing is posted.</summary>
    private static readonly Func<Incident, BotMessage> Quiet = IncidentDecider.Aside("");

    private static BotMessage Refusal(string text) => new() { Ok = false, Text = text, Visibility = MessageVisibility.Ephemeral };
}
