using System.Text.Json.Nodes;
using IncidentBot.Workflows.Chat;
using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Language;
using IncidentBot.Workflows.Outbox;
using Microsoft.Extensions.Options;
using static IncidentBot.Chat.Slack.SlackMessages;

namespace IncidentBot.Chat.Slack;

/// <summary>
/// Opens an incident's war room in Slack, step by step with its progress saved, so a retry or a
/// restart resumes after the last step done: create the channel (the next name when one is taken),
/// record it, invite the reporter and the responders, set the topic, post and pin the card, bookmark
/// the incident page, post the board (and the alerts), announce it in the broadcast channel.
/// </summary>
public sealed class SlackRoomOpener(
    SlackApi api,
    SlackMessages messages,
    SlackViews views,
    SlackDirectory directory,
    ChatCapture capture,
    KeptMessages kept,
    IOutboxStore outbox,
    IOptions<SlackOptions> options,
    ILogger<SlackRoomOpener> logger)
{
    private readonly SlackOptions _options = options.Value;

    public async Task<DeliveryOutcome> OpenAsync(OutboxItem item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        var payload = JsonNode.Parse(item.Payload)!;
        var id = IncidentId.Parse(payload["incident"]!.GetValue<string>());
        var view = await views.ReadAsync(id, cancellationToken);
        if (view is null)
        {
            return DeliveryOutcome.Drop($"there is no incident {id}");
        }

        if (view.RoomElsewhere)
        {
            return DeliveryOutcome.Drop($"{id}'s war room is {view.Room} already");
        }

        var steps = new StepRunner(outbox, item);
        var progress = steps.Progress;
        if (progress.Conversation is null)
        {
            while (true)
            {
                var name = SlackText.ChannelName(id, view.Title, view.Services, progress.Attempt);
                try
                {
                    await steps.ConfirmClaimAsync(cancellationToken); // a stalled replica must not open a second room
                    var created = await api.CallAsync("conversations.create", Args(("name", name)), cancellationToken);
                    progress.Conversation = created["channel"]!["id"]!.GetValue<string>();
                    progress.Name = created["channel"]!["name"]?.GetValue<string>() ?? name;
                    await steps.SaveAsync(cancellationToken);
                    break;
                }
                catch (SlackApiException ex) when (ex.Error == "name_taken" && progress.Attempt < 50)
                {
                    logger.LogInformation("Channel #{Name} exists already; trying the next name", name);
                    progress.Attempt++;
                }
            }
        }

        var channel = progress.Conversation;
        await capture.RoomOpenedAsync(id, SlackPlatform.Room(channel), progress.Name!, $"slack-room:{id}", cancellationToken);

        await steps.RunAsync("invite", () => InviteAsync(channel, progress.Name!, payload, cancellationToken), cancellationToken);
        await steps.RunAsync("topic", async () =>
        {
            await api.CallAsync("conversations.setTopic", Args(("channel", channel), ("topic", view.Topic)), cancellationToken);
            await kept.RememberAsync(SlackPlatform.Kept("topic", id), channel, "", view.Topic, cancellationToken);
        }, cancellationToken);
        await steps.RunAsync("card", () => messages.PostKeptAsync(steps, item, "card", SlackPlatform.Kept("card", id), channel, view.Card, cancellationToken), cancellationToken);
        await steps.RunAsync("pin", () => PinAsync(id, channel, progress.Name!, cancellationToken), cancellationToken);
        await steps.RunAsync("bookmark", () => BookmarkAsync(id, channel, progress.Name!, cancellationToken), cancellationToken);
        await steps.RunAsync("board", () => messages.PostKeptAsync(steps, item, "board", SlackPlatform.Kept("board", id), channel, view.Board, cancellationToken), cancellationToken);
        if (view.Alerts is { } alerts)
        {
            await steps.RunAsync("alerts", () => messages.PostKeptAsync(steps, item, "alerts", SlackPlatform.Kept("alerts", id), channel, alerts, cancellationToken), cancellationToken);
        }

        await steps.RunAsync("announce", async () =>
        {
            if (string.IsNullOrEmpty(_options.BroadcastChannel))
            {
                return;
            }

            var page = views.IncidentPage(id) is { } link ? Say.T($" · <{link}|incident page>", $" · <{link}|インシデントページ>") : "";
            var text = Say.T(
                $":rotating_light: *{id}* {SlackBlocks.Mrkdwn(view.Title)} ({view.Severity}) · join <#{channel}>{page}",
                $":rotating_light: *{id}* {SlackBlocks.Mrkdwn(view.Title)}（{view.Severity}）· <#{channel}> に参加してください{page}");
            try
            {
                await messages.PostOnceAsync(steps, item, "announce", _options.BroadcastChannel, text, null, cancellationToken);
            }
            catch (SlackApiException ex) when (ex.Error is "not_in_channel" or "channel_not_found" or "is_archived" or "restricted_action" or "missing_scope")
            {
                // The war room is open and people are in it; an announcement channel the bot cannot post in must not undo that.
                logger.LogWarning("{Incident} was not announced in the broadcast channel: {Error}. {Advice}", id, ex.Error, SlackApiException.Advice(ex.Error));
            }
        }, cancellationToken);

        // From here on refreshes keep the room's messages current (and add the alert summary if alerts come later).
        await kept.RememberAsync(SlackPlatform.Kept("room", id), channel, "", "opened", cancellationToken);
        return DeliveryOutcome.Done(view.Version);
    }

    private async Task InviteAsync(string channel, string name, JsonNode payload, CancellationToken cancellationToken)
    {
        // "by" is the handle of who started or declared it; rows from before the chat core carry their Slack id as "reporter".
        var reporter = payload["by"]?.GetValue<string>() is { } by ? directory.IdOf(by) : payload["reporter"]?.GetValue<string>();
        var users = new[] { reporter }.Concat(_options.ResponderIds).OfType<string>().Where(u => u.Length > 0).Distinct().Take(100).ToList();
        if (users.Count == 0)
        {
            return;
        }

        try
        {
            await api.CallAsync("conversations.invite", Args(("channel", channel), ("users", string.Join(',', users))), cancellationToken);
        }
        catch (SlackApiException ex) when (ex.Error is "already_in_channel" or "cant_invite_self" or "user_not_found" or "cant_invite" or "user_is_restricted")
        {
            logger.LogWarning("Some responders were not invited to #{Name}: {Error}", name, ex.Error);
        }
    }

    private async Task PinAsync(IncidentId id, string channel, string name, CancellationToken cancellationToken)
    {
        var card = await kept.FindAsync(SlackPlatform.Kept("card", id), cancellationToken);
        try
        {
            await api.CallAsync("pins.add", Args(("channel", channel), ("timestamp", card!.MessageId)), cancellationToken);
        }
        catch (SlackApiException ex) when (ex.Error is "already_pinned" or "not_pinnable" or "too_many_pins" or "missing_scope")
        {
            logger.LogWarning("The incident card in #{Name} was not pinned: {Error}", name, ex.Error);
        }
    }

    private async Task BookmarkAsync(IncidentId id, string channel, string name, CancellationToken cancellationToken)
    {
        if (views.IncidentPage(id) is not { } page)
        {
            return;
        }

        try
        {
            await api.CallAsync("bookmarks.add", Args(("channel_id", channel), ("title", SlackViews.PageTitle(id)), ("type", "link"), ("link", page)), cancellationToken);
        }
        catch (SlackApiException ex) when (ex.Error is "invalid_link" or "missing_scope" or "too_many_bookmarks" or "not_allowed")
        {
            logger.LogWarning("The incident page was not bookmarked in #{Name}: {Error}", name, ex.Error);
        }
    }
}
