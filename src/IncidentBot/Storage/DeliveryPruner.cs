using IncidentBot.Workflows.Incidents;

namespace IncidentBot.Storage;

/// <summary>
/// Once an hour (of the bot's clock), forgets the inbound delivery keys older than
/// <c>Storage:DeliveryRetentionHours</c>, so the table that answers platform retries stays the size of
/// the last two days, not of the bot's whole life.
/// </summary>
internal sealed class DeliveryPruner(IIncidentStore store, TimeProvider clock, TimeSpan retention, ILogger<DeliveryPruner> logger) : BackgroundService
{
    private static readonly TimeSpan Every = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var forgotten = await store.PruneDeliveriesAsync(clock.GetUtcNow() - retention, stoppingToken);
                if (forgotten > 0)
                {
                    logger.LogInformation("Forgot {Count} delivery keys older than {Hours} h", forgotten, retention.TotalHours);
                }
            }
            catch (StoreUnavailableException fault)
            {
                logger.LogWarning("Delivery keys were not pruned this hour: {Problem}", fault.Message);
            }

            await Task.Delay(Every, clock, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }
}
