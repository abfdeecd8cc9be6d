using IncidentBot.Workflows.Outbox;
using Microsoft.Extensions.Options;

namespace IncidentBot.Chat.Slack;

/// <summary>
/// Slack's side of the outbox: opens war rooms, posts replies, keeps the card, board and notice
/// current, and explains refused button presses. Turns what Slack answered into the delivery's
/// outcome: a 429 waits as long as Slack said, a channel that is gone drops the message, a refusal a
/// person must fix (a token, a scope) is retried with backoff and logged with what to do.
/// </summary>
public sealed class SlackDelivery(
    SlackRoomOpener rooms,
    SlackPosts posts,
    SlackRefresh refresh,
    TimeProvider clock,
    IOptions<SlackOptions> options) : IOutboxDelivery
{
    public string Platform => SlackPlatform.Name;

    public DeliveryPacing Pacing { get; } = new(
        TimeSpan.FromSeconds(options.Value.ChannelIntervalSeconds),
        TimeSpan.FromSeconds(options.Value.RetryBaseSeconds),
        TimeSpan.FromSeconds(options.Value.RetryMaxSeconds));

    public async Task<DeliveryOutcome> DeliverAsync(OutboxItem item, string action, CancellationToken cancellationToken)
    {
        try
        {
            return action switch
            {
                OutboxNames.Room => await rooms.OpenAsync(item, cancellationToken),
                OutboxNames.Post => await posts.PostAsync(item, cancellationToken),
                OutboxNames.Card => await refresh.RefreshAsync(item, cancellationToken),
                OutboxNames.Notice => await refresh.NoticeAsync(item, cancellationToken),
                OutboxNames.Explain => await refresh.ExplainAsync(item, cancellationToken),
                _ => DeliveryOutcome.Drop($"this build does not know how to deliver '{action}' to Slack"),
            };
        }
        catch (SlackApiException ex) when (ex.Undeliverable)
        {
            return DeliveryOutcome.Drop($"{ex.Method} said {ex.Error}. {SlackApiException.Advice(ex.Error)}");
        }
        catch (SlackApiException ex) when (ex.Error == SlackApi.Paced)
        {
            // Its channel's next slot is a while off: wait out of the way of other queues.
            return DeliveryOutcome.Retry("waiting for its channel's next slot", clock.GetUtcNow() + ex.RetryAfter!.Value, countAttempt: false);
        }
        catch (SlackApiException ex)
        {
            return DeliveryOutcome.Retry(
                ex.Transient || ex.RetryAfter is not null ? $"{ex.Method}: {ex.Error}" : $"{ex.Method} said {ex.Error}. {SlackApiException.Advice(ex.Error)}",
                ex.RetryAfter is { } wait ? clock.GetUtcNow() + wait : null,
                refused: !ex.Transient && ex.RetryAfter is null,
                countAttempt: ex.RetryAfter is null);
        }
    }
}
