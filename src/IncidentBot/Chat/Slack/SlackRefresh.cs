using System.Text.Json.Nodes;
using IncidentBot.Workflows.Chat;
using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Language;
using IncidentBot.Workflows.Outbox;
using Microsoft.Extensions.Options;
using static IncidentBot.Chat.Slack.SlackMessages;

namespace IncidentBot.Chat.Slack;

/// <summary>
/// Keeps what Slack shows of an incident current: the card, work board, alert summary and topic in
/// its war room, and its notice in the broadcast channel (with Declare and Dismiss while detected, then
/// where its war room is). Posts the notice, and explains refused button presses privately.
/// </summary>
public sealed class SlackRefresh(
    SlackApi api,
    SlackMessages messages,
    SlackViews views,
    KeptMessages kept,
    SlackDirectory directory,
    IOutboxStore outbox,
    IEnumerable<ChatPlatform> platforms,
    IOptions<SlackOptions> options,
    ILogger<SlackRefresh> logger)
{
    public async Task<DeliveryOutcome> RefreshAsync(OutboxItem item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        var id = Incident(item);
        var view = await views.ReadAsync(id, cancellationToken);
        if (view is null)
        {
            return DeliveryOutcome.Drop($"there is no incident {id}");
        }

        var notice = await kept.FindAsync(SlackPlatform.Kept("notice", id), cancellationToken);
        if (view.Channel is not { } channel)
        {
            if (notice is not null)
            {
                var card = view.RoomElsewhere ? view.Card with { Buttons = [], Context = [Say.T($"Declared: its war room is in {PlatformName(view.Room!)}.", $"宣言済みです。対応チャンネルは {PlatformName(view.Room!)} にあります。")] } : view.Card;
                await messages.UpdateAsync(notice, card, cancellationToken);
            }

            return !view.RoomElsewhere && await RoomPendingAsync(id, cancellationToken)
                ? DeliveryOutcome.Wait($"{id}'s war room is still being opened")
                : DeliveryOutcome.Done(view.Version);
        }

        if (await kept.FindAsync(SlackPlatform.Kept("room", id), cancellationToken) is null && await RoomPendingAsync(id, cancellationToken))
        {
            return DeliveryOutcome.Wait($"{id}'s war room is still being opened");
        }

        foreach (var (what, message) in new[] { ("card", view.Card), ("board", view.Board) })
        {
            if (await kept.FindAsync(SlackPlatform.Kept(what, id), cancellationToken) is { } posted)
            {
                await messages.UpdateAsync(posted, message, cancellationToken);
            }
        }

        if (notice is not null)
        {
            // The notice it was detected with says where it went since.
            await messages.UpdateAsync(notice, view.Card with { Buttons = [], Context = [Say.T($"Declared: the war room is #{view.RoomName}.", $"宣言済みです。対応チャンネルは #{view.RoomName} です。")] }, cancellationToken);
        }

        if (view.Alerts is { } alerts)
        {
            if (await kept.FindAsync(SlackPlatform.Kept("alerts", id), cancellationToken) is { } posted)
            {
                await messages.UpdateAsync(posted, alerts, cancellationToken);
            }
            else
            {
                await messages.PostKeptAsync(new StepRunner(outbox, item), item, "alerts", SlackPlatform.Kept("alerts", id), channel, alerts, cancellationToken);
            }
        }

        if (await kept.FindAsync(SlackPlatform.Kept("topic", id), cancellationToken) is { } topic)
        {
            await kept.RefreshAsync(topic, view.Topic, () => api.CallAsync("conversations.setTopic", Args(("channel", channel), ("topic", view.Topic)), cancellationToken), cancellationToken);
        }

        return DeliveryOutcome.Done(view.Version);
    }

    /// <summary>Announces a new incident in the broadcast channel: its card (Declare and Dismiss while detected), kept current.</summary>
    public async Task<DeliveryOutcome> NoticeAsync(OutboxItem item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        var id = Incident(item);
        if (string.IsNullOrEmpty(options.Value.BroadcastChannel))
        {
            return DeliveryOutcome.Drop($"{id} cannot be announced: Slack__BroadcastChannel is not set any more");
        }

        if (await views.ReadAsync(id, cancellationToken) is not { } view)
        {
            return DeliveryOutcome.Drop($"there is no incident {id}");
        }

        await messages.PostKeptAsync(new StepRunner(outbox, item), item, "notice", SlackPlatform.Kept("notice", id), options.Value.BroadcastChannel, NoticeCard(view), cancellationToken);

        // A change committed while the notice was being posted (its war room opened elsewhere, say) had
        // its refresh run before the notice was kept, with nothing to update: the notice says it now.
        if (await views.ReadAsync(id, cancellationToken) is { } now && now.Version != view.Version
            && await kept.FindAsync(SlackPlatform.Kept("notice", id), cancellationToken) is { } posted)
        {
            await messages.UpdateAsync(posted, NoticeCard(now), cancellationToken);
            return DeliveryOutcome.Done(now.Version);
        }

        return DeliveryOutcome.Done(view.Version);
    }

    /// <summary>The announcement's card: where the war room is (or that it is being opened) when it is not in Slack.</summary>
    private BotMessage NoticeCard(SlackRoomView view) => view.RoomElsewhere || (view.Room is null && view.Phase is not Phase.Detected)
        ? view.Card with { Context = [.. view.Card.Context, view.Room is { } room ? Say.T($"Its war room is in {PlatformName(room)}.", $"対応チャンネルは {PlatformName(room)} にあります。") : Say.T("Its war room is being opened.", "対応チャンネルを作成しています。")] }
        : view.Card;

    /// <summary>Tells one person privately why their button press was refused.</summary>
    public async Task<DeliveryOutcome> ExplainAsync(OutboxItem item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        var payload = JsonNode.Parse(item.Payload)!;
        var channel = SlackPlatform.ChannelOf(RoomAddress.FromJson(payload["room"])) ?? payload["channel"]?.GetValue<string>();
        var user = payload["user"]?.GetValue<string>();
        if (channel is null || user is null)
        {
            return DeliveryOutcome.Drop("an explanation needs a Slack channel and user");
        }

        var (text, blocks) = SlackBlocks.Render(ReplyJson.Read(payload["message"]!.ToJsonString()));
        try
        {
            await api.CallAsync("chat.postEphemeral", Args(("channel", channel), ("user", user), ("text", text), ("blocks", blocks)), cancellationToken);
        }
        catch (SlackApiException ex) when (ex.Error is "not_in_channel" or "user_not_in_channel" or "channel_not_found")
        {
            logger.LogWarning("An explanation for {User} could not be shown: {Error}", directory.NameOf(user) ?? "a user", ex.Error);
        }

        return DeliveryOutcome.Done();
    }

    private static IncidentId Incident(OutboxItem item) => IncidentId.Parse(JsonNode.Parse(item.Payload)!["incident"]!.GetValue<string>());

    /// <summary>True while a message that opens the incident's war room waits in its queue.</summary>
    private async Task<bool> RoomPendingAsync(IncidentId id, CancellationToken cancellationToken) =>
        (await outbox.QueueAsync(OutboxNames.RoomQueue(SlackPlatform.Name, id), 50, cancellationToken))
            .Any(w => OutboxNames.Split(w.Kind).Action == OutboxNames.Room);

    private string PlatformName(RoomAddress room) => platforms.FirstOrDefault(p => p.Name == room.Platform)?.DisplayName ?? room.Platform;
}
