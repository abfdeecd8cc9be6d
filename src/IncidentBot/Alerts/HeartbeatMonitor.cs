using System.Globalization;
using IncidentBot.Hosting;
using IncidentBot.Workflows.Alerts;
using IncidentBot.Workflows.Language;
using Microsoft.Extensions.Options;

namespace IncidentBot.Alerts;

/// <summary>
/// Monitoring that notices when monitoring is down (seed 002: CloudWatch itself was down, so nothing
/// alerted). Heartbeats — alerts named in <c>Alerts__Heartbeat__Names</c> (Prometheus's always-firing
/// Watchdog, one heartbeat per distinct label set, so each Prometheus is watched on its own) and pings
/// to <c>POST /alerts/heartbeat/{name}</c> — are remembered in the store, never opened as incidents.
/// When one that was seen is silent past its timeout, its silence becomes an alert of its own
/// ("Monitoring is silent: no Watchdog since …"), which opens a Detected incident like any alert;
/// when the heartbeat returns, that alert resolves. Each step is claimed in the store first, so a
/// restart or a second replica neither repeats nor loses it, and a silence is judged from the bot's
/// own start at the earliest: a bot that was down does not call every heartbeat silent.
/// </summary>
public sealed class HeartbeatMonitor(
    IHeartbeatStore store,
    AlertIntake intake,
    IOptions<AlertOptions> options,
    IOptions<BotOptions> bot,
    TimeProvider clock,
    ILogger<HeartbeatMonitor> logger) : BackgroundService
{
    public const string Source = "heartbeat";

    /// <summary>A claim to report a silence that is not marked reported within this long is taken over (its claimer died).</summary>
    private static readonly TimeSpan ClaimLease = TimeSpan.FromMinutes(2);

    private readonly AlertOptions.HeartbeatOptions _options = options.Value.Heartbeat;
    private readonly HashSet<string> _names = new(options.Value.Heartbeat.NameList, StringComparer.OrdinalIgnoreCase);
    private readonly DateTimeOffset _started = clock.GetUtcNow();
#pragma warning disable CA2213 // Its wait handle is never used, so it holds nothing to dispose.
    private readonly SemaphoreSlim _checking = new(1, 1);
#pragma warning restore CA2213

    private TimeSpan DefaultTimeout => TimeSpan.FromMinutes(_options.TimeoutMinutes);

    /// <summary>Records the heartbeats among <paramref name="batch"/>'s alerts; returns the rest, which are ordinary alerts.</summary>
    public async Task<AlertBatch> SeparateAsync(AlertBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var beats = batch.Alerts.Where(a => _names.Contains(a.Name)).ToList();
        foreach (var name in beats.Where(a => a.Status == AlertStatus.Firing).Select(NameOf).Distinct(StringComparer.Ordinal))
        {
            await BeatAsync(name, null, cancellationToken);
        }

        return beats.Count == 0 ? batch : batch with { Alerts = [.. batch.Alerts.Except(beats)] };
    }

    /// <summary>A heartbeat alert's name: its alert name and the labels that tell one Prometheus from another.</summary>
    public static string NameOf(Alert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var labels = alert.Labels.Where(l => l.Key is not ("alertname" or "severity")).OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}").ToList();
        return labels.Count == 0 ? alert.Name : $"{alert.Name} ({string.Join(", ", labels)})";
    }

    /// <summary>A beat of <paramref name="name"/> now; if it had been silent, its silence ends.</summary>
    public async Task<Heartbeat?> BeatAsync(string name, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        var before = await store.BeatAsync(name, clock.GetUtcNow(), timeout, cancellationToken);
        if (before?.SilentSince is not null)
        {
            // Recorded whatever becomes of the request that brought the beat; the watch records it too if this fails.
            await EndAsync(name, before.SilentSince.Value, CancellationToken.None);
        }

        return before;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var language = Say.Use(bot.Value.Locale); // a silence's alert (and the incident it opens) is worded in the installation's language
        var every = TimeSpan.FromSeconds(Math.Clamp(DefaultTimeout.TotalSeconds / 4, 1, 30));
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

    /// <summary>
    /// Reports every heartbeat silent past its timeout, once, and records the return of those that came
    /// back. One round at a time in this process: a caller returns when its round, and any round before
    /// it, has done what it found to do.
    /// </summary>
    public async Task CheckAsync(CancellationToken cancellationToken)
    {
        await _checking.WaitAsync(cancellationToken);
        try
        {
            await CheckOnceAsync(cancellationToken);
        }
        finally
        {
            _checking.Release();
        }
    }

    private async Task CheckOnceAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        foreach (var beat in await store.HeartbeatsAsync(cancellationToken))
        {
            var timeout = beat.Timeout ?? DefaultTimeout;
            if (beat.SilentSince is { } silent && beat.LastSeen > silent)
            {
                await EndAsync(beat.Name, silent, cancellationToken); // came back, and the beat's own request did not record it
                continue;
            }

            // Due from the later of its last beat and this bot's start: while the bot was down it heard nothing.
            var since = beat.SilentSince ?? (beat.LastSeen > _started ? beat.LastSeen : _started) + timeout;
            if (beat.Reported || since > now
                || !await store.ClaimSilenceAsync(beat.Name, beat.LastSeen, since, now, now - ClaimLease, cancellationToken))
            {
                continue;
            }

            logger.LogWarning("Heartbeat {Name} has been silent since {LastSeen:u}: opening an incident (monitoring itself may be down)", beat.Name, beat.LastSeen);
            await intake.IngestAsync([Silence(beat.Name, beat.LastSeen, since, timeout)], cancellationToken);
            await store.MarkReportedAsync(beat.Name, since, cancellationToken);
        }
    }

    /// <summary>The silence's alert resolves, then the silence ends; a repeat of either changes nothing.</summary>
    private async Task EndAsync(string name, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        logger.LogInformation("Heartbeat {Name} is back after a silence that began {Since:u}", name, since);
        await intake.IngestAsync([Silence(name, since, since, TimeSpan.Zero) with { Status = AlertStatus.Resolved, EndsAt = now }], cancellationToken);
        await store.EndSilenceAsync(name, since, cancellationToken);
    }

    /// <summary>The alert a silence is: firing from the moment the heartbeat was due (stored, so the same alert every time).</summary>
    private static Alert Silence(string name, DateTimeOffset lastSeen, DateTimeOffset since, TimeSpan timeout)
    {
        var seen = lastSeen.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
        var every = $"{timeout.TotalMinutes:0.#}";
        return new Alert
        {
            Source = Source,
            Fingerprint = "heartbeat:" + name,
            Status = AlertStatus.Firing,
            Name = "MonitoringSilent",
            Labels = new Dictionary<string, string> { ["heartbeat"] = name, ["severity"] = "critical" },
            Annotations = new Dictionary<string, string>
            {
                // The summary is the incident's title; both are read by people in chat.
                ["summary"] = Say.T($"Monitoring is silent: no {name} since {seen}", $"監視が沈黙しています：{seen} 以降 {name} が届いていません"),
                ["description"] = Say.T(
                    $"{name} was last seen {seen} and is expected every {every} min. Until it is back nothing says monitoring works: check Prometheus, Alertmanager and their route to this bot before trusting the quiet.",
                    $"{name} を最後に受信したのは {seen} です（{every} 分ごとに届く想定です）。再び届くまでは、監視が動いていることを示すものがありません。静かだからと安心する前に、Prometheus と Alertmanager、そしてこのボットまでの経路を確認してください。"),
            },
            StartsAt = since,
        };
    }
}
