using System.Globalization;
using System.Text.Json.Nodes;
using IncidentBot.Workflows.Chat;
using IncidentBot.Workflows.Outbox;

namespace IncidentBot.Chat.Slack;

/// <summary>
/// Posts and updates in Slack, each post made once: it carries its outbox id and step in Slack's
/// message metadata and is marked as being sent before the call, so a post whose answer was lost
/// (a crash, a dropped connection) is found in the channel's history instead of posted again.
/// </summary>
public sealed class SlackMessages(SlackApi api, KeptMessages kept, ILogger<SlackMessages> logger)
{
    private const string MetadataType = "incidentbot_outbox";

    /// <summary>Posts <paramref name="text"/> once for <paramref name="step"/> of <paramref name="item"/>; returns its ts.</summary>
    public async Task<string> PostOnceAsync(StepRunner steps, OutboxItem item, string step, string channel, string text, JsonArray? blocks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(steps);
        ArgumentNullException.ThrowIfNull(item);
        if (steps.WasSending(step) && await FindPostAsync(channel, null, item, step, cancellationToken) is { } landed)
        {
            return landed;
        }

        StepAsideIfBusy(channel);
        await steps.MarkSendingAsync(step, cancellationToken);
        try
        {
            var posted = await api.CallAsync("chat.postMessage", Args(("channel", channel), ("text", text), ("blocks", blocks), ("metadata", Metadata(item.Id, step)), ("unfurl_links", false)), cancellationToken);
            return posted["ts"]!.GetValue<string>();
        }
        catch (SlackApiException ex) when (ex.Error == SlackApi.Paced)
        {
            await steps.NotSentAsync(cancellationToken); // not sent: nothing to look for next time
            throw;
        }
    }

    /// <summary>Posts <paramref name="message"/> once and remembers it under <paramref name="key"/>, to keep it current.</summary>
    public async Task PostKeptAsync(StepRunner steps, OutboxItem item, string step, string key, string channel, BotMessage message, CancellationToken cancellationToken)
    {
        var (text, blocks) = SlackBlocks.Render(message);
        var ts = await PostOnceAsync(steps, item, step, channel, text, blocks, cancellationToken);
        await kept.RememberAsync(key, channel, ts, text + blocks.ToJsonString(), cancellationToken);
    }

    /// <summary>Updates a kept message in place if what it shows changed.</summary>
    public Task UpdateAsync(PostedMessage posted, BotMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(posted);
        var (text, blocks) = SlackBlocks.Render(message);
        return kept.RefreshAsync(posted, text + blocks.ToJsonString(),
            () => api.CallAsync("chat.update", Args(("channel", posted.Conversation), ("ts", posted.MessageId), ("text", text), ("blocks", blocks)), cancellationToken),
            cancellationToken);
    }

    /// <summary>
    /// Looks for the post <paramref name="step"/> of <paramref name="item"/> made, in the channel's history
    /// or, for a reply in a thread, among the thread's replies (history leaves those out); its ts, or null.
    /// </summary>
    public async Task<string?> FindPostAsync(string channel, string? thread, OutboxItem item, string step, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        var oldest = (item.CreatedAt - TimeSpan.FromMinutes(1)).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var history = await api.CallAsync(thread is null ? "conversations.history" : "conversations.replies",
            Args(("channel", channel), ("ts", thread), ("oldest", oldest), ("limit", 200), ("include_all_metadata", true)), cancellationToken);
        foreach (var message in history["messages"]?.AsArray() ?? [])
        {
            var meta = message?["metadata"];
            if (meta?["event_type"]?.GetValue<string>() == MetadataType
                && meta["event_payload"]?["outbox"]?.GetValue<long>() == item.Id
                && meta["event_payload"]?["step"]?.GetValue<string>() == step)
            {
                logger.LogInformation("Outbox message {Id} ({Step}) had reached Slack before a restart; not posting it again", item.Id, step);
                return message!["ts"]!.GetValue<string>();
            }
        }

        return null;
    }

    /// <summary>Before a post is marked as being sent: a channel whose next slot is a while off is left for later.</summary>
    public void StepAsideIfBusy(string channel)
    {
        if (api.ChannelBusyFor(channel) is { } wait)
        {
            throw new SlackApiException("chat.postMessage", SlackApi.Paced, wait, transient: true);
        }
    }

    public static JsonObject Metadata(long outboxId, string step) => new()
    {
        ["event_type"] = MetadataType,
        ["event_payload"] = new JsonObject { ["outbox"] = outboxId, ["step"] = step },
    };

    /// <summary>Web API arguments; null values are left out.</summary>
    public static Dictionary<string, object?> Args(params (string Key, object? Value)[] args) =>
        args.Where(a => a.Value is not null).ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal);
}
