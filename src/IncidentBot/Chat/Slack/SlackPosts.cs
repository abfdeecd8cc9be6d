using System.Globalization;
using System.Text.Json.Nodes;
using IncidentBot.Workflows.Chat;
using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Outbox;
using Microsoft.Extensions.Options;
using static IncidentBot.Chat.Slack.SlackMessages;

namespace IncidentBot.Chat.Slack;

/// <summary>
/// Posts the replies waiting in an incident's queue in its war room. Several waiting at once (a busy
/// room, or Slack back after an outage) go out as one message, so a room that is told more than once
/// a second does not fall behind. The batch is saved before the call, so a retry posts or finds
/// exactly it. An incident with no war room in Slack (detected, dismissed, or its room failed to
/// open) has its replies posted under its notice in the broadcast channel, or, with no broadcast
/// channel, dropped with the reason logged: a reply never waits for a room that is not coming.
/// </summary>
public sealed class SlackPosts(
    SlackApi api,
    SlackMessages messages,
    SlackViews views,
    KeptMessages kept,
    IOutboxStore outbox,
    TimeProvider clock,
    IOptions<SlackOptions> options,
    ILogger<SlackPosts> logger)
{
    private const string SendingPrefix = "sending:";
    private const int MaxBatch = 20;

    public async Task<DeliveryOutcome> PostAsync(OutboxItem item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        var id = IncidentId.Parse(JsonNode.Parse(item.Payload)!["incident"]!.GetValue<string>());
        var view = await views.ReadAsync(id, cancellationToken);
        if (view is null)
        {
            return DeliveryOutcome.Drop($"there is no incident {id}");
        }

        if (view.RoomElsewhere)
        {
            return DeliveryOutcome.Drop($"{id}'s war room is {view.Room}, not in Slack");
        }

        var (channel, thread, waitFor) = view.Channel is { } room ? (room, null, null) : await WithoutRoomAsync(id, cancellationToken);
        if (waitFor is not null)
        {
            return DeliveryOutcome.Wait(waitFor);
        }

        if (channel is null)
        {
            return DeliveryOutcome.Drop($"{id} has no war room and Slack__BroadcastChannel is not set, so there is nowhere in Slack to post its reply");
        }

        messages.StepAsideIfBusy(channel);
        var waiting = await outbox.QueueAsync(item.Queue, MaxBatch, cancellationToken);
        var saved = item.Progress is { } progress && progress.StartsWith(SendingPrefix, StringComparison.Ordinal)
            ? progress[SendingPrefix.Length..].Split(',').Select(n => long.Parse(n, CultureInfo.InvariantCulture)).ToHashSet()
            : null;
        if (saved is not null && await messages.FindPostAsync(channel, thread, item, "post", cancellationToken) is not null)
        {
            await DeliveredAsync(saved, item, cancellationToken);
            return DeliveryOutcome.Done(view.Version);
        }

        // Not in the channel: the earlier attempt never landed, so the batch may take in what came since.
        List<OutboxItem> batch = [.. waiting.TakeWhile(w => OutboxNames.Split(w.Kind).Action == OutboxNames.Post)];
        var (text, blocks, sent) = Combine(batch.Count == 0 ? [item] : batch);
        await outbox.SaveProgressAsync(item.Id, item.Lease, SendingPrefix + string.Join(',', sent), cancellationToken);
        try
        {
            await api.CallAsync("chat.postMessage", Args(("channel", channel), ("thread_ts", thread), ("text", text), ("blocks", blocks), ("metadata", Metadata(item.Id, "post")), ("unfurl_links", false)), cancellationToken);
        }
        catch (SlackApiException ex) when (ex.Error == SlackApi.Paced)
        {
            await outbox.SaveProgressAsync(item.Id, item.Lease, "", cancellationToken); // not sent
            throw;
        }

        await DeliveredAsync(sent, item, cancellationToken);
        return DeliveryOutcome.Done(view.Version);
    }

    /// <summary>
    /// Where an incident without a war room is talked about: under its notice in the broadcast channel
    /// (once the notice is posted), else in the broadcast channel; nowhere without one.
    /// </summary>
    private async Task<(string? Channel, string? Thread, string? WaitFor)> WithoutRoomAsync(IncidentId id, CancellationToken cancellationToken)
    {
        if (await kept.FindAsync(SlackPlatform.Kept("notice", id), cancellationToken) is { } notice)
        {
            logger.LogInformation("{Incident} has no war room: its reply goes under its notice in the broadcast channel", id);
            return (notice.Conversation, notice.MessageId, null);
        }

        if ((await outbox.QueueAsync(OutboxNames.NoticeQueue(SlackPlatform.Name, id), 1, cancellationToken)).Count > 0)
        {
            return (null, null, $"{id}'s notice in the broadcast channel is not posted yet"); // for operators: the delivery's wait reason
        }

        return string.IsNullOrEmpty(options.Value.BroadcastChannel) ? (null, null, null) : (options.Value.BroadcastChannel, null, null);
    }

    /// <summary>Replies as one message: each in turn, divided, within one message's 50 blocks; at least the first.</summary>
    private static (string Text, JsonArray Blocks, IReadOnlyCollection<long> Sent) Combine(IReadOnlyList<OutboxItem> items)
    {
        var blocks = new JsonArray();
        var texts = new List<string>();
        var sent = new List<long>();
        foreach (var waiting in items)
        {
            var (text, rendered) = SlackBlocks.Render(ReplyJson.Read(JsonNode.Parse(waiting.Payload)!["message"]!.ToJsonString()));
            var extra = rendered.Count + (blocks.Count > 0 ? 1 : 0);
            if (sent.Count > 0 && blocks.Count + extra > SlackBlocks.MaxBlocks)
            {
                break;
            }

            if (blocks.Count > 0)
            {
                blocks.Add(new JsonObject { ["type"] = "divider" });
            }

            foreach (var block in rendered.ToList())
            {
                rendered.Remove(block);
                blocks.Add(block);
            }

            texts.Add(text);
            sent.Add(waiting.Id);
        }

        var fallback = string.Join("\n", texts);
        return (TextCut.Cut(fallback, 3900), blocks, sent);
    }

    /// <summary>Marks the batch's other messages delivered; the caller marks the head.</summary>
    private async Task DeliveredAsync(IEnumerable<long> batch, OutboxItem head, CancellationToken cancellationToken)
    {
        foreach (var other in batch.Where(b => b != head.Id))
        {
            await outbox.DeliveredAsync(other, head.Lease, null, clock.GetUtcNow(), cancellationToken);
        }
    }
}
