using IncidentBot.Workflows.Incidents;

namespace IncidentBot.WarRoom;

/// <summary>
/// Writes queued web exchanges in batches (one transaction each) and tells open pages which rooms have
/// something new. A batch the store refuses (a full disk) is tried again a few times, then dropped
/// with its reason logged: the commands themselves were committed; only their echo on the page is lost.
/// </summary>
public sealed class ConversationWriter(Conversation conversation, IConversationStore store, ChangeFeed feed, TimeProvider clock, ILogger<ConversationWriter> logger) : BackgroundService
{
    private const int Batch = 512;
    private const int Attempts = 3;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var reader = conversation.Waiting;
        var batch = new List<ConversationEntry>(Batch);
        try
        {
            while (await reader.WaitToReadAsync(stoppingToken))
            {
                batch.Clear();
                while (batch.Count < Batch && reader.TryRead(out var entry))
                {
                    batch.Add(entry);
                }

                await WriteAsync(batch, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: what is still queued is written by StopAsync.
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        conversation.Complete();
        var rest = new List<ConversationEntry>();
        while (conversation.Waiting.TryRead(out var entry))
        {
            rest.Add(entry);
        }

        if (rest.Count > 0)
        {
            await WriteAsync(rest, cancellationToken);
        }
    }

    private async Task WriteAsync(List<ConversationEntry> batch, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                foreach (var room in (await store.AppendAsync(batch, CancellationToken.None)).Distinct(StringComparer.Ordinal))
                {
                    feed.Said(room);
                }

                return;
            }
            catch (StoreUnavailableException ex) when (attempt < Attempts)
            {
                logger.LogWarning("Keeping {Count} web exchanges failed ({Fault}); trying again", batch.Count, ex.Fault);
                await Task.Delay(TimeSpan.FromSeconds(attempt), clock, cancellationToken);
            }
            catch (StoreUnavailableException ex)
            {
                logger.LogError("Dropped {Count} web exchanges after {Attempts} attempts: {Fault} ({Where}). The commands were recorded; only their echo on the war room page is lost", batch.Count, Attempts, ex.Fault, ex.Where);
                return;
            }
        }
    }
}
