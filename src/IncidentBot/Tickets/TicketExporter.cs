using System.Collections.Concurrent;
using System.Threading.Channels;
using IncidentBot.Hosting;
using IncidentBot.Workflows.Commands;
using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Language;
using Microsoft.Extensions.Options;

namespace IncidentBot.Tickets;

/// <summary>
/// Follow-ups that leave the bot: each action item is filed once in the team's tracker (found again
/// by its marker when an answer was lost, so a retry never files a second), the ticket's link is
/// recorded on the item, and the tickets of open items are read back every <c>Tickets__PollSeconds</c>:
/// a closed ticket finishes its action item. A tracker that is down is logged and tried again. With
/// several replicas one files and polls at a time (the <c>ticket-exporter</c> lease, asked again just
/// before a ticket is created, so a replica that was slow past its lease does not file a second); it
/// hears of the others' changes, and catches up when it takes over.
/// </summary>
public sealed class TicketExporter(
    ITicketTracker tracker,
    IIncidentStore store,
    Storage.IReplicaLeases leases,
    IServiceProvider services,
    TimeProvider clock,
    IOptions<TicketOptions> options,
    IOptions<BotOptions> bot,
    ILogger<TicketExporter> logger) : BackgroundService, IIncidentObserver, Hosting.IRemoteChangeObserver
{
    /// <summary>The lease that makes one replica the exporter.</summary>
    public const string Lease = "ticket-exporter";

    private readonly Channel<IncidentId> _changed = Channel.CreateUnbounded<IncidentId>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<IncidentId, byte> _pending = new();

    public static string Marker(IncidentId id, int item) => $"incidentbot:{id}#{item}";

    public void ChangedElsewhere(IncidentId incident) => Changed(incident);

    public void Changed(IncidentId incident)
    {
        if (_pending.TryAdd(incident, 0))
        {
            _changed.Writer.TryWrite(incident);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Tickets and what is said about them are in the installation's language; the poll below inherits it.
        using var language = Say.Use(bot.Value.Locale);
        var lease = new Storage.HeldLease(leases, Lease, clock);
        var poll = Task.Run(() => PollAsync(lease, stoppingToken), stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            if (await lease.RefreshAsync(stoppingToken) && lease.Held)
            {
                // At start, and when this replica takes over from another: whatever is still to file.
                try
                {
                    foreach (var id in await WithOpenActionsAsync(stoppingToken))
                    {
                        Changed(id);
                    }
                }
                catch (StoreUnavailableException ex)
                {
                    logger.LogWarning("Could not list the open action items ({Error}); each is filed on its incident's next change", ex.Message);
                }
            }

            using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            wait.CancelAfter(lease.NextCheck - clock.GetUtcNow() is { Ticks: > 0 } left ? left : TimeSpan.Zero);
            try
            {
                var incident = await _changed.Reader.ReadAsync(wait.Token);
                _pending.TryRemove(incident, out _);
                if (lease.Held)
                {
                    await GuardedAsync(incident, "file the action items of", () => FileAsync(incident, stoppingToken)); // for operators: the log says what failed
                }
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                // Time to renew the lease.
            }
        }

        await poll;
    }

    private async Task FileAsync(IncidentId id, CancellationToken cancellationToken)
    {
        var events = await store.ReadAsync(id, 0, cancellationToken);
        if (events.Count == 0)
        {
            return;
        }

        var incident = Incident.Replay(id, events);
        foreach (var item in incident.ActionItems.Where(a => a.IsOpen && a.Ticket is null))
        {
            var marker = Marker(id, item.Number);
            var ticket = await tracker.FindAsync(marker, cancellationToken);
            if (ticket is null && !await leases.HoldAsync(Lease, cancellationToken))
            {
                return; // another replica took the exporter over meanwhile (this one was slow): it files the item
            }

            ticket ??= await tracker.CreateAsync(marker, Title(id, item), Body(id, incident, item), cancellationToken);
            await Dispatcher.LinkTicketAsync(id, item.Number, ticket.Key, ticket.Url, cancellationToken);
            logger.LogInformation("{Incident} action #{Item} filed in {Tracker} as {Ticket}", id, item.Number, tracker.Name, ticket.Key);
        }
    }

    private static string Title(IncidentId id, ActionItem item) =>
        Say.T($"{item.Text} ({id} action #{item.Number})", $"{item.Text}（{id} アクションアイテム #{item.Number}）");

    private static string Body(IncidentId id, Incident incident, ActionItem item) => Say.T(
        $"Action item #{item.Number} from {id} \"{incident.Title}\".\nOwner: @{item.Owner}. Due: {item.Due:yyyy-MM-dd}.\nClosing this ticket marks the action item done in IncidentBot.",
        $"{id}「{incident.Title}」のアクションアイテム #{item.Number} です。\n担当者：@{item.Owner}\n期限：{item.Due:yyyy-MM-dd}\nこのチケットをクローズすると、IncidentBot のアクションアイテムが完了になります。");

    private async Task PollAsync(Storage.HeldLease lease, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(0.05, options.Value.PollSeconds)), clock);
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            foreach (var id in lease.Held ? await WithOpenActionsAsync(cancellationToken) : [])
            {
                await GuardedAsync(id, "read back the tickets of", async () => // for operators: the log says what failed
                {
                    var incident = Incident.Replay(id, await store.ReadAsync(id, 0, cancellationToken));
                    foreach (var item in incident.ActionItems.Where(a => a.IsOpen && a.Ticket is not null))
                    {
                        if (await tracker.IsClosedAsync(item.Ticket!, cancellationToken))
                        {
                            await Dispatcher.TicketClosedAsync(id, item.Number, item.Ticket!, cancellationToken);
                        }
                    }
                });
            }
        }
    }

    /// <summary>Only incidents with open action items are read (from the stored facts, not by replaying every log).</summary>
    private async Task<IReadOnlyList<IncidentId>> WithOpenActionsAsync(CancellationToken cancellationToken) =>
        [.. (await store.StatsAsync(cancellationToken)).Where(s => s.OpenActionItems > 0).Select(s => new IncidentId(s.Number))];

    /// <summary>The dispatcher is resolved late: it observes changes through this exporter.</summary>
    private CommandDispatcher Dispatcher => services.GetRequiredService<CommandDispatcher>();

    private async Task GuardedAsync(IncidentId incident, string what, Func<Task> work)
    {
        try
        {
            await work();
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            logger.LogWarning("Could not {What} {Incident} in {Tracker}: {Error} It is tried again shortly.", what, incident, tracker.Name, ex.Message);
            _ = RetryLaterAsync(incident);
        }
#pragma warning disable CA1031 // a worker boundary: one incident's failure is logged, the others go on
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Could not {What} {Incident} ({Error}: {Message}); it is tried again on its next change", what, incident, ex.GetType().Name, ex.Message);
        }
#pragma warning restore CA1031
    }

    private async Task RetryLaterAsync(IncidentId incident)
    {
        await Task.Delay(TimeSpan.FromSeconds(Math.Max(0.05, Math.Min(60, options.Value.PollSeconds))), clock);
        Changed(incident);
    }
}
