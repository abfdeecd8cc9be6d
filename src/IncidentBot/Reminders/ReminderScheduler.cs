using System.Threading.Channels;
using IncidentBot.Hosting;
using IncidentBot.Workflows.Commands;
using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Language;
using Microsoft.Extensions.Options;
using Quartz;

namespace IncidentBot.Reminders;

/// <summary>
/// Keeps Quartz's persistent timers equal to each incident's reminder plan: after every committed
/// change it schedules what the incident is now owed and deletes timers for what it no longer is
/// (a commander was named, the incident closed). At start-up it does the same for every open
/// incident, so changes made while the bot was down are caught up.
/// </summary>
public sealed class ReminderScheduler(
    ISchedulerFactory schedulers,
    IServiceProvider services,
    IIncidentStore store,
    Storage.IReplicaLeases replicas,
    IOptions<BotOptions> bot,
    ILogger<ReminderScheduler> logger) : BackgroundService, IIncidentObserver, Hosting.IRemoteChangeObserver
{
    /// <summary>A burst of changes (a busy war room writes hundreds a second) is synced once, this long after it starts.</summary>
    private static readonly TimeSpan Coalesce = TimeSpan.FromMilliseconds(500);

    private readonly Channel<IncidentId> _changed = Channel.CreateUnbounded<IncidentId>(new UnboundedChannelOptions { SingleReader = true });
    private readonly System.Collections.Concurrent.ConcurrentDictionary<IncidentId, byte> _pending = new();

    /// <summary>
    /// Another replica's change: synced here too, so the shared schedule is right even when that replica
    /// stopped before its own sync (scheduling is idempotent: the same keys, replaced).
    /// </summary>
    public void ChangedElsewhere(IncidentId incident) => Changed(incident);

    public void Changed(IncidentId incident)
    {
        // Queued once until synced: changes that arrive meanwhile are covered by that sync.
        if (_pending.TryAdd(incident, 0))
        {
            _changed.Writer.TryWrite(incident);
        }
    }

    /// <summary>
    /// With replicas, a clean stop first sets the timers of changes still waiting their coalescing
    /// pause: the schedule is shared, and another replica fires what this one set, so it must not be
    /// dropped. One process alone catches them up when it starts again, as before.
    /// </summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (!replicas.AcrossReplicas)
        {
            return;
        }

        using var language = Say.Use(bot.Value.Locale);
        foreach (var incident in _pending.Keys.ToList())
        {
            try
            {
                await SyncAsync(incident, cancellationToken);
            }
#pragma warning disable CA1031 // stopping: what cannot be synced now is synced by the next start's catch-up
            catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
            {
                logger.LogWarning("Could not set the reminders of {Incident} while stopping ({Error}); the next start sets them", incident, ex.Message);
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await SyncChangesAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping (or a start that failed): not a failure of the scheduler.
        }
    }

    private async Task SyncChangesAsync(CancellationToken stoppingToken)
    {
        using var language = Say.Use(bot.Value.Locale); // reminder plans carry their texts
        foreach (var summary in await store.ListAsync(includeFinished: false, stoppingToken))
        {
            Changed(summary.Id);
        }

        await foreach (var incident in _changed.Reader.ReadAllAsync(stoppingToken))
        {
            await Task.Delay(Coalesce, stoppingToken);
            _pending.TryRemove(incident, out _);
            // A worker boundary: one incident's failure to sync is logged, and the next is synced.
#pragma warning disable CA1031
            try
            {
                await SyncAsync(incident, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Could not update the reminders of {Incident}", incident);
            }
#pragma warning restore CA1031
        }
    }

    public async Task SyncAsync(IncidentId incident, CancellationToken cancellationToken)
    {
        // The dispatcher is resolved late: it observes changes through this scheduler.
        var dispatcher = services.GetRequiredService<CommandDispatcher>();
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var group = incident.ToString();
        var plan = await dispatcher.RemindersAsync(incident, cancellationToken);
        var existing = await scheduler.QueryJobs(new JobQuery { Group = GroupMatcher<JobKey>.GroupEquals(group), Take = PagedQuery.All }, cancellationToken);
        var planned = plan.Select(r => r.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var stale in existing.Items.Where(j => !planned.Contains(j.Key.Name)))
        {
            try
            {
                await scheduler.DeleteJob(stale.Key, cancellationToken);
            }
            catch (SchedulerException ex)
            {
                // The timer is firing right now (its own reminder is what changed the plan); Quartz
                // removes a fired one-shot job itself, and a reminder that no longer applies records nothing.
                logger.LogDebug(ex, "Reminder {Reminder} of {Incident} is firing; left to finish", stale.Key.Name, incident);
            }
        }

        var scheduledKeys = existing.Items.Select(j => j.Key.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var reminder in plan.Where(r => !scheduledKeys.Contains(r.Key)))
        {
            var job = JobBuilder.Create<ReminderJob>()
                .WithIdentity(reminder.Key, group)
                .UsingJobData(ReminderJob.IncidentKey, group)
                .UsingJobData(ReminderJob.ReminderKey, reminder.Key)
                .Build();
            var trigger = TriggerBuilder.Create(scheduler.TimeProvider)
                .WithIdentity(reminder.Key, group)
                .StartAt(reminder.At)
                .Build();
            await scheduler.ScheduleJob(job, trigger, ScheduleJobOptions.Replacing, cancellationToken);
        }
    }
}
