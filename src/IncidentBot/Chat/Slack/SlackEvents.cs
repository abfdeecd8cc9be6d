using System.Text.Json.Nodes;
using IncidentBot.Workflows.Chat;
using IncidentBot.Workflows.Commands;
using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Outbox;

namespace IncidentBot.Chat.Slack;

/// <summary>
/// The Events API (protocols §A5): what is said in a war room becomes a <see cref="ChatEvent"/>
/// (said, edited, deleted, a 📌 reaction or a pin) for the domain to capture, with mentions and links
/// already made readable; <c>@IncidentBot …</c> takes the same grammar as <c>/incident</c>. Each
/// event is handled once, however often Slack retries it.
/// </summary>
public sealed class SlackEvents(
    CommandDispatcher dispatcher,
    ChatCapture capture,
    IIncidentStore store,
    IOutboxStore outbox,
    SlackDirectory directory,
    ILogger<SlackEvents> logger)
{
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
        if (e["type"]?.GetValue<string>() == "app_mention")
        {
            await MentionAsync(e, key, cancellationToken);
        }
        else if (await SeenAsync(e, cancellationToken) is { } seen)
        {
            await capture.CaptureAsync(seen, key, cancellationToken);
        }

        return SlackAnswer.Ok;
    }

    /// <summary>What a room event means for the timeline, in the domain's terms; null for what it ignores.</summary>
    private async Task<ChatEvent?> SeenAsync(JsonObject e, CancellationToken cancellationToken)
    {
        string? Text(JsonNode? node) => node?.GetValue<string>() is { } text ? SlackText.Readable(text, directory.NameOf) : null;
        switch (e["type"]?.GetValue<string>(), e["subtype"]?.GetValue<string>())
        {
            case ("message", null or "thread_broadcast" or "file_share" or "me_message"):
                {
                    var (user, text, ts) = (e["user"]?.GetValue<string>(), e["text"]?.GetValue<string>() ?? "", e["ts"]?.GetValue<string>());
                    if (user is null || ts is null || e["bot_id"] is not null || user == directory.BotUser
                        || (directory.BotUser is { } bot && text.TrimStart().StartsWith($"<@{bot}", StringComparison.Ordinal)))
                    {
                        return null; // the bot's own words, or a command to it (app_mention records that)
                    }

                    return await InRoomAsync(ChatEventKind.Said, e["channel"], ts, user, cancellationToken) is { } said
                        ? said with { Text = Text(e["text"])!, SaidAt = SlackPlatform.TimeOf(ts), Link = SlackPlatform.Permalink(said.Room.Conversation, ts) }
                        : null;
                }

            case ("message", "message_changed"):
                {
                    var (text, before) = (Text(e["message"]?["text"]) ?? "", Text(e["previous_message"]?["text"]) ?? "");
                    return text == before
                        ? null // an unfurl or a thread count changed, not the words
                        : await InRoomAsync(ChatEventKind.Edited, e["channel"], e["message"]?["ts"]?.GetValue<string>(), e["message"]?["user"]?.GetValue<string>(), cancellationToken) is { } edited
                            ? edited with { Text = text }
                            : null;
                }

            case ("message", "message_deleted"):
                return await InRoomAsync(ChatEventKind.Deleted, e["channel"], e["deleted_ts"]?.GetValue<string>(), e["previous_message"]?["user"]?.GetValue<string>() ?? "", cancellationToken);

            case ("reaction_added", _) when IsPushpin(e):
                return await InRoomAsync(ChatEventKind.MarkedKey, e["item"]?["channel"], e["item"]?["ts"]?.GetValue<string>(), e["user"]?.GetValue<string>() ?? "", cancellationToken);

            case ("pin_added", _):
                return await InRoomAsync(ChatEventKind.MarkedKey, e["channel_id"] ?? e["item"]?["channel"], e["item"]?["message"]?["ts"]?.GetValue<string>(), e["user"]?.GetValue<string>() ?? "", cancellationToken);

            default:
                return null; // joins, topic changes, bot messages, pins announced as messages
        }
    }

    private static bool IsPushpin(JsonObject e) => e["reaction"]?.GetValue<string>() == "pushpin" && e["item"]?["type"]?.GetValue<string>() == "message";

    /// <summary>
    /// A chat event in <paramref name="channel"/> if it is a war room (elsewhere nobody's name is looked
    /// up), by the person's handle ("someone" when Slack did not say who).
    /// </summary>
    private async Task<ChatEvent?> InRoomAsync(ChatEventKind kind, JsonNode? channel, string? ts, string? user, CancellationToken cancellationToken) =>
        channel?.GetValue<string>() is { } id && ts is not null && user is not null && await store.FindIdByRoomAsync(SlackPlatform.Room(id), cancellationToken) is not null
            ? new ChatEvent(kind, SlackPlatform.Room(id), ts, user.Length == 0 ? "someone" : await directory.NameAsync(user, cancellationToken))
            : null;

    private async Task MentionAsync(JsonObject e, string key, CancellationToken cancellationToken)
    {
        var (user, channel) = (e["user"]?.GetValue<string>(), e["channel"]?.GetValue<string>());
        if (user is null || channel is null || user == directory.BotUser)
        {
            return;
        }

        var text = SlackText.Readable(SlackText.WithoutMention(e["text"]?.GetValue<string>() ?? "", directory.BotUser), directory.NameOf).Trim();
        var name = await directory.NameAsync(user, cancellationToken);
        var room = SlackPlatform.Room(channel);
        var reply = await dispatcher.HandleAsync(
            new CommandRequest("/incident " + (text.Length == 0 ? "help" : text), name, room, key) { OpensOwnRoom = true },
            cancellationToken);
        if (!reply.Ok || reply.Visibility == MessageVisibility.Ephemeral || await store.FindIdByRoomAsync(room, cancellationToken) is null)
        {
            // Not a change the room's outbox posts: tell the person who asked.
            await outbox.ExplainAsync(channel, user, reply, cancellationToken);
        }
    }
}
