using IncidentBot.Workflows.Outbox;
using Microsoft.Extensions.Options;

namespace IncidentBot.Chat.Teams;

/// <summary>
/// Teams' side of the outbox: opens war rooms, posts replies and answers, keeps cards current,
/// announces incidents and explains refusals privately. Turns what Teams answered into the delivery's
/// outcome: a 429 or the bot's own pacing waits as long as needed, a conversation that is gone (or the
/// bot removed from it) drops the message with the reason, a sign-in that fails is retried and logged
/// with what to fix.
/// </summary>
public sealed class TeamsDelivery(
    TeamsRooms rooms,
    TeamsPosts posts,
    TeamsRefresh refresh,
    TimeProvider clock,
    IOptions<TeamsOptions> options) : IOutboxDelivery
{
    public string Platform => TeamsPlatform.Name;

    public DeliveryPacing Pacing { get; } = new(
        TimeSpan.FromSeconds(options.Value.CardRefreshSeconds),
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
                OutboxNames.Answer => await posts.AnswerAsync(item, cancellationToken),
                OutboxNames.Explain => await posts.ExplainAsync(item, cancellationToken),
                OutboxNames.Card => await refresh.RefreshAsync(item, cancellationToken),
                OutboxNames.Notice => await refresh.NoticeAsync(item, cancellationToken),
                _ => DeliveryOutcome.Drop($"this build does not know how to deliver '{action}' to Teams"),
            };
        }
        catch (TeamsApiException ex) when (ex.Undeliverable)
        {
            return DeliveryOutcome.Drop($"Teams {ex.Operation}: {ex.Error}. {ex.Advice}");
        }
        catch (TeamsApiException ex) when (ex.Error == TeamsApiException.Paced)
        {
            return DeliveryOutcome.Retry("waiting for the conversation's next slot", clock.GetUtcNow() + (ex.RetryAfter ?? TimeSpan.FromSeconds(1)), countAttempt: false);
        }
        catch (TeamsApiException ex)
        {
            return DeliveryOutcome.Retry(
                $"Teams {ex.Operation}: {ex.Error}. {ex.Advice}",
                ex.RetryAfter is { } wait ? clock.GetUtcNow() + wait : null,
                refused: !ex.Transient && ex.RetryAfter is null,
                countAttempt: ex.RetryAfter is null);
        }
    }
}
