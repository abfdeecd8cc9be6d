using IncidentBot.Hosting;
using IncidentBot.Workflows.Language;
using IncidentBot.Workflows.Outbox;
using Microsoft.Extensions.Options;

namespace IncidentBot.Chat;

/// <summary>
/// Delivers the outbox for every chat platform: the head of every queue at once, each queue in order,
/// each through its platform's <see cref="IOutboxDelivery"/>. Delivery is at least once, made
/// effectively once by the platforms (a post carries its outbox id and is looked for before it is
/// sent again). Nothing sits at a queue's head for good: a message is delivered, retried with backoff
/// while its platform refuses or is down, or dropped with a logged reason when it never can be, when
/// it waited for another longer than <see cref="ChatOptions.NotReadyLimitMinutes"/>, or when it made
/// the bot fail <see cref="MaxFailures"/> times. Messages for a platform this bot is not configured
/// for wait for it (a deploy that lost a token must not lose messages), and the age of the oldest
/// shows in <c>/readyz</c> and <c>/metrics</c>.
/// </summary>
public sealed class OutboxLoop(
    IOutboxStore outbox,
    IEnumerable<IOutboxDelivery> deliveries,
    OutboxSignal signal,
    IOptions<ChatOptions> options,
    IOptions<BotOptions> bot,
    TimeProvider clock,
    ILogger<OutboxLoop> logger) : BackgroundService
{
    private const int MaxConcurrent = 16;

    /// <summary>A message that made the bot itself fail this many times (a bug, not the platform) is dropped.</summary>
    public const int MaxFailures = 10;
    private static readonly TimeSpan MinPass = TimeSpan.FromMilliseconds(20);

    private readonly Dictionary<string, IOutboxDelivery> _deliveries = deliveries.ToDictionary(d => d.Platform, StringComparer.Ordinal);
    private readonly HashSet<string> _busy = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _refreshed = new(StringComparer.Ordinal);
    private readonly HashSet<string> _missing = new(StringComparer.Ordinal); // platforms already said to be missing; the loop's own
    private readonly Lock _gate = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // What deliveries render (cards, boards, notices) is in the installation's language; it flows to every delivery task.
        using var language = Say.Use(bot.Value.Locale);
        var running = new List<Task>();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var now = clock.GetUtcNow();
                DateTimeOffset? soonest = null;
                foreach (var item in await outbox.HeadsAsync(stoppingToken))
                {
                    var due = Due(item, now);
                    if (due > now)
                    {
                        soonest = soonest is { } s && s < due ? s : due;
                        continue;
                    }

                    if (Delivery(item) is null)
                    {
                        await WaitForPlatformAsync(item, now, stoppingToken);
                        continue;
                    }

                    lock (_gate)
                    {
                        if (running.Count >= MaxConcurrent || !_busy.Add(item.Queue))
                        {
                            continue;
                        }
                    }

                    if (IsRefresh(item))
                    {
                        _refreshed[item.Queue] = now;
                    }

                    running.Add(Task.Run(() => DeliverAsync(item, stoppingToken), stoppingToken));
                }

                running.RemoveAll(t => t.IsCompleted);
                var wait = soonest is { } at ? Clamp(at - now) : TimeSpan.FromSeconds(1);
                await signal.WaitAsync(running.Count >= MaxConcurrent ? TimeSpan.FromMilliseconds(50) : wait, clock, stoppingToken);

                // Every commit wakes the loop; under a storm of commits it looks at the outbox at most this often.
                await Task.Delay(MinPass, clock, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
#pragma warning disable CA1031 // The loop outlives any one failure: the store being busy must not stop delivery for good.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                logger.LogError(ex, "Outbox delivery loop failed; retrying in a second");
                await Task.Delay(TimeSpan.FromSeconds(1), clock, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }

        await Task.WhenAll(running).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <summary>
    /// When the item may go: when its retry comes due, and a refresh no more often than its platform's
    /// interval (a busy incident's changes pile up in its one pending refresh instead of being rendered
    /// over and over).
    /// </summary>
    private DateTimeOffset Due(OutboxItem item, DateTimeOffset now)
    {
        var due = item.NextAttemptAt is { } next && next > now ? next : now;
        if (IsRefresh(item) && _refreshed.TryGetValue(item.Queue, out var last) && Delivery(item) is { } delivery
            && last + delivery.Pacing.RefreshInterval is var paced && paced > due)
        {
            due = paced;
        }

        return due;
    }

    private static bool IsRefresh(OutboxItem item) => OutboxNames.Split(item.Kind).Action == OutboxNames.Card;

    private IOutboxDelivery? Delivery(OutboxItem item) => _deliveries.GetValueOrDefault(OutboxNames.Split(item.Kind).Platform);

    private static TimeSpan Clamp(TimeSpan wait) => wait < TimeSpan.FromMilliseconds(10) ? TimeSpan.FromMilliseconds(10) : wait > TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : wait;

    private async Task DeliverAsync(OutboxItem item, CancellationToken cancellationToken)
    {
        try
        {
            var outcome = await Delivery(item)!.DeliverAsync(item, OutboxNames.Split(item.Kind).Action, cancellationToken);
            await ApplyAsync(item, outcome, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down: the message stays in the outbox for the next start.
        }
        catch (OutboxLeaseLostException lost)
        {
            LeaseLost(item, lost);
        }
#pragma warning disable CA1031 // A bug in one message must not stop its queue's worker; it is retried with backoff like any failure.
        catch (Exception ex) when (ex is not OutboxLeaseLostException)
#pragma warning restore CA1031
        {
            try
            {
                await FailedAsync(item, ex);
            }
            catch (OutboxLeaseLostException lost)
            {
                LeaseLost(item, lost);
            }
        }
        finally
        {
            lock (_gate)
            {
                _busy.Remove(item.Queue);
            }

            signal.Poke();
        }
    }

    /// <summary>This replica stalled past its claim on the queue and another took it over: it stops here, the other delivers.</summary>
    private void LeaseLost(OutboxItem item, OutboxLeaseLostException lost) =>
        logger.LogWarning("Stopped delivering outbox message {Id} ({Kind}): {Reason}", item.Id, item.Kind, lost.Message);

    private async Task FailedAsync(OutboxItem item, Exception ex)
    {
        if (item.Attempts + 1 >= MaxFailures)
        {
            logger.LogError(ex, "Dropped outbox message {Id} ({Kind}, queue {Queue}): delivering it failed {Count} times in a row, this time with {Error}", item.Id, item.Kind, item.Queue, item.Attempts + 1, ex.GetType().Name);
            await outbox.DeliveredAsync(item.Id, item.Lease, null, clock.GetUtcNow(), CancellationToken.None);
        }
        else
        {
            logger.LogError(ex, "Outbox message {Id} ({Kind}) failed; retrying", item.Id, item.Kind);
            await RetryAsync(item, clock.GetUtcNow() + Pacing(item).Backoff(item.Attempts), ex.GetType().Name, countAttempt: true, CancellationToken.None);
        }
    }

    private DeliveryPacing Pacing(OutboxItem item) => Delivery(item)!.Pacing;

    /// <summary>A message for a platform this bot has no delivery for: it waits, looked at again once a minute, and the log says so once per platform.</summary>
    private async Task WaitForPlatformAsync(OutboxItem item, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var platform = OutboxNames.Split(item.Kind).Platform;
        var reason = $"{platform} is not configured in this bot; the message waits until it is";
        if (_missing.Add(platform))
        {
            logger.LogWarning("Chat messages for {Platform} are waiting in the outbox, but this bot has no {Platform} settings (for Slack: Slack__BotToken). They are delivered once it has; /readyz shows how long they have waited.", platform, platform);
        }

        await RetryAsync(item, now + TimeSpan.FromMinutes(1), reason, countAttempt: false, cancellationToken);
    }

    private async Task ApplyAsync(OutboxItem item, DeliveryOutcome outcome, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        switch (outcome)
        {
            case DeliveryOutcome.Delivered delivered:
                await outbox.DeliveredAsync(item.Id, item.Lease, delivered.Version, now, cancellationToken);
                break;

            case DeliveryOutcome.Dropped dropped:
                logger.LogError("Dropped outbox message {Id} ({Kind}, queue {Queue}): {Reason}", item.Id, item.Kind, item.Queue, dropped.Reason);
                await outbox.DeliveredAsync(item.Id, item.Lease, null, now, cancellationToken);
                break;

            case DeliveryOutcome.NotReady waiting:
                // Counted from when it was stored, so a restart does not start the wait over.
                if (now - item.CreatedAt > TimeSpan.FromMinutes(options.Value.NotReadyLimitMinutes))
                {
                    logger.LogError("Dropped outbox message {Id} ({Kind}, queue {Queue}) after {Minutes:0.#} min of waiting (Chat__NotReadyLimitMinutes is {Limit}): {Reason}",
                        item.Id, item.Kind, item.Queue, (now - item.CreatedAt).TotalMinutes, options.Value.NotReadyLimitMinutes, waiting.Reason);
                    await outbox.DeliveredAsync(item.Id, item.Lease, null, now, cancellationToken);
                    break;
                }

                await RetryAsync(item, now + Pacing(item).RefreshInterval, waiting.Reason, countAttempt: false, cancellationToken);
                break;

            case DeliveryOutcome.RetryLater retry:
                var at = retry.At ?? now + Pacing(item).Backoff(item.Attempts);
                if (retry.Refused)
                {
                    logger.LogError("{Platform} refused outbox message {Id} ({Kind}): {Reason} Retrying in {Seconds:0} s.", OutboxNames.Split(item.Kind).Platform, item.Id, item.Kind, retry.Reason, (at - now).TotalSeconds);
                }
                else if (retry.CountAttempt)
                {
                    logger.LogWarning("Outbox message {Id} ({Kind}) not delivered ({Reason}); retrying in {Seconds:0.#} s", item.Id, item.Kind, retry.Reason, (at - now).TotalSeconds);
                }

                await RetryAsync(item, at, retry.Reason, retry.CountAttempt, cancellationToken);
                break;
        }
    }

    private Task RetryAsync(OutboxItem item, DateTimeOffset at, string reason, bool countAttempt, CancellationToken cancellationToken) =>
        outbox.RetryLaterAsync(item.Id, item.Lease, at, reason, countAttempt, cancellationToken);
}
