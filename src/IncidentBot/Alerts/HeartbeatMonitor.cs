using System.Globalization;
using IncidentBot.Workflows.Alerts;
using Microsoft.Extensions.Options;

namespace IncidentBot.Alerts;

/// <summary>
/// Monitoring that notices when monitoring is down (seed 002: CloudWatch itself was down, so nothing
/// alerted). Heartbeats — alerts named in <c>Alerts__Heartbeat__Names</c> (Prometheus's always-firing
/// Watchdog) and pings to <c>POST /alerts/heartbeat/{name}</c> — are remembered in the store, never
/// opened as incidents. When one that was seen is silent for <c>Alerts__Heartbeat__TimeoutMinutes</c>,
/// its silence becomes an alert of its own ("Monitoring is silent: no Watchdog since …"), which opens
/// a Detected incident like any alert, once: the silence is marked in the store first, so neither a
/// restart nor a second replica opens it again. When the heartbeat returns, that alert resolves.
/// </summary>
public sealed class HeartbeatMonitor(
    IHeartbeatStore store,
    AlertIntake intake,
    IOptions<AlertOptions> options,
    TimeProvider clock,
    ILogger<HeartbeatMonitor> logger) : BackgroundService
{
    public const string Source = "heartbeat";

    private readonly AlertOptions.HeartbeatOptions _options = options.Value.Heartbeat;
    private readonly HashSet<string> _names = new(options.Value.Heartbeat.NameList, StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _reported = new(StringComparer.Ordinal); // silences whose alert this process has sent

    private TimeSpan Timeout => TimeSpan.FromMinutes(_options.TimeoutMinutes);

    /// <summary>Records the heartbeats among <paramref name="batch"/>'s alerts; returns the rest, which are ordinary alerts.</summary>
    public async Task<AlertBatch> SeparateAsync(AlertBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var beats = batch.Alerts.Where(a => _names.Contains(a.Name)).ToList();
        foreach (var name in beats.Where(a => a.Status == AlertStatus.Firing).Select(a => a.Name).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            await BeatAsync(name, cancellationToken);
        }

        return beats.Count == 0 ? batch : batch with { Alerts = [.. batch.Alerts.Except(beats)] };
    }

    /// <summary>A beat of <paramref name="name"/> now; if it had been taken as silent, its silence resolves.</summary>
    public async Task<Heartbeat?> BeatAsync(string name, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var before = await store.BeatAsync(name, now, cancellationToken);
        if (before is { SilentSince: not null } silent)
        {
            logger.LogInformation("Heartbeat {Name} is back after {Minutes:0} min of silence", name, (now - silent.LastSeen).TotalMinutes);
            lock (_reported)
            {
                _reported.Remove(name);
            }

            await intake.IngestAsync([Silence(silent) with { Status = AlertStatus.Resolved, EndsAt = now }], cancellationToken);
        }

        return before;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Often enough that a silence is noticed within a fraction of the timeout; a restart checks at once.
        var every = TimeSpan.FromSeconds(Math.Clamp(Timeout.TotalSeconds / 4, 1, 30));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await CheckAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
#pragma warning disable CA1031 // The watch outlives any one failure (the store busy, say); it looks again next round.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                logger.LogError(ex, "Checking heartbeats failed; trying again in {Seconds:0} s", every.TotalSeconds);
            }

            await Task.Delay(every, clock, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>Takes every heartbeat silent past the timeout as an incident, once.</summary>
    public async Task CheckAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        foreach (var beat in await store.HeartbeatsAsync(cancellationToken))
        {
            var silent = beat.SilentSince is not null;
            if (!silent && now - beat.LastSeen > Timeout)
            {
                silent = await store.MarkSilentAsync(beat.Name, beat.LastSeen, now, cancellationToken);
                if (silent)
                {
                    logger.LogWarning("Heartbeat {Name} has been silent since {LastSeen:u}: opening an incident (monitoring may be down)", beat.Name, beat.LastSeen);
                }
            }

            bool first;
            lock (_reported)
            {
                first = silent && _reported.Add(beat.Name);
            }

            if (first)
            {
                // Sent again after a restart: the same alert (its start is fixed by the last beat), so it only repeats.
                await intake.IngestAsync([Silence(beat)], cancellationToken);
            }
        }
    }

    /// <summary>The alert a silence is: firing from the moment the heartbeat was due.</summary>
    private Alert Silence(Heartbeat beat)
    {
        var since = beat.LastSeen.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
        return new Alert
        {
            Source = Source,
            Fingerprint = "heartbeat:" + beat.Name,
            Status = AlertStatus.Firing,
            Name = "MonitoringSilent",
            Labels = new Dictionary<string, string> { ["heartbeat"] = beat.Name, ["severity"] = "critical" },
            Annotations = new Dictionary<string, string>
            {
                ["summary"] = $"Monitoring is silent: no {beat.Name} since {since}",
                ["description"] = $"{beat.Name} stopped arriving {since}; for {_options.TimeoutMinutes:0.#} min nothing has said monitoring works. Check Prometheus, Alertmanager and the route to this bot before trusting the quiet.",
            },
            StartsAt = beat.LastSeen + Timeout,
        };
    }
}
