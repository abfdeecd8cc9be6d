using System.Collections.Concurrent;
using System.Threading.Channels;
using IncidentBot.Aws;
using IncidentBot.Hosting;
using IncidentBot.Workflows.Alerts;
using IncidentBot.Workflows.Chat;
using IncidentBot.Workflows.Commands;
using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Incidents.Events;
using IncidentBot.Workflows.Language;
using IncidentBot.Workflows.Lifecycle;
using IncidentBot.Workflows.Postmortems;
using IncidentBot.Workflows.Verification;
using Microsoft.Extensions.Options;

namespace IncidentBot.Verification;

/// <summary>
/// Reads CloudWatch for incidents. While an incident is verifying, its checks are read as soon as it
/// enters (or a check is added) and then every interval until they pass or time out; a reading is
/// recorded only when it says something new, with the datapoints it read. When an alarm opened the
/// incident, the alarm metric's last hour before detection is kept on the timeline once. Whatever
/// CloudWatch answers, errors included, ends up in a check's result; nothing here stops the bot.
/// With several replicas one of them watches at a time (the <c>metric-watcher</c> lease, renewed
/// every few seconds), so each check is read once per interval, not once per replica; the others
/// hear of changes and take over when its lease runs out.
/// </summary>
public sealed class MetricWatcher(
    IServiceProvider services,
    IIncidentStore store,
    Storage.IReplicaLeases leases,
    CloudWatchClient cloudWatch,
    IOptions<VerificationOptions> options,
    IOptions<BotOptions> bot,
    PostmortemOptions display,
    TimeProvider clock,
    ILogger<MetricWatcher> logger) : BackgroundService, IIncidentObserver, IRemoteChangeObserver
{
    /// <summary>The lease that makes one replica the watcher.</summary>
    public const string Lease = "metric-watcher";

    private readonly Channel<IncidentId> _changed = Channel.CreateUnbounded<IncidentId>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<IncidentId, byte> _queued = new();
    private readonly ConcurrentDictionary<(IncidentId, int), (DateTimeOffset Round, DateTimeOffset At)> _lastRead = new();
    private readonly ConcurrentDictionary<IncidentId, int> _snapshotAttempts = new();
    private const int SnapshotAttempts = 3;
    private readonly TimeSpan _interval = TimeSpan.FromSeconds(Math.Max(1, options.Value.IntervalSeconds));
    private readonly TimeSpan _timeLimit = TimeSpan.FromMinutes(Math.Max(1, options.Value.TimeoutMinutes));
    private readonly TimeSpan _refreshEvery = TimeSpan.FromMinutes(Math.Max(1, options.Value.RefreshMinutes));

    // The dispatcher tells its observers, this watcher among them, so it is looked up once running, not injected.
    private CommandDispatcher _dispatcher = null!;

    public void ChangedElsewhere(IncidentId incident) => Changed(incident);

    public void Changed(IncidentId incident)
    {
        if (_queued.TryAdd(incident, 0))
        {
            _changed.Writer.TryWrite(incident);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        using var language = Say.Use(bot.Value.Locale); // check results and evidence are written in the installation's language
        _dispatcher = services.GetRequiredService<CommandDispatcher>();
        var nextSweep = clock.GetUtcNow();
        var lease = new Storage.HeldLease(leases, Lease, clock);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await lease.RefreshAsync(stoppingToken) && lease.Held)
                {
                    if (leases.AcrossReplicas)
                    {
                        logger.LogInformation("This replica reads the metric checks (lease {Lease})", Lease);
                    }

                    nextSweep = clock.GetUtcNow(); // a new watcher reads at once what it may have missed
                }

                if (!lease.Held)
                {
                    // Another replica watches: what changes here it hears through the database.
                    while (_changed.Reader.TryRead(out var ignored))
                    {
                        _queued.TryRemove(ignored, out _);
                    }

                    await Task.Delay(Max(lease.NextCheck - clock.GetUtcNow(), TimeSpan.Zero), clock, stoppingToken);
                    continue;
                }

                if (clock.GetUtcNow() >= nextSweep)
                {
                    nextSweep = clock.GetUtcNow() + _interval;
                    // Incidents side by side, so one whose CloudWatch calls hang in retries does not hold up the rest.
                    await Parallel.ForEachAsync(
                        await store.ListAsync(includeFinished: false, stoppingToken),
                        new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = stoppingToken },
                        async (summary, token) => await WatchAsync(summary.Id, token));
                }

                using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                wait.CancelAfter(Max((nextSweep < lease.NextCheck ? nextSweep : lease.NextCheck) - clock.GetUtcNow(), TimeSpan.Zero));
                try
                {
                    var id = await _changed.Reader.ReadAsync(wait.Token);
                    _queued.TryRemove(id, out _);
                    await WatchAsync(id, stoppingToken);
                }
                catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                {
                    // Time for the next sweep, or to renew the lease.
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // One bad incident or a store hiccup must not stop verification for every other incident.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                logger.LogError(ex, "Reading metrics failed; trying again at the next sweep");
                await Task.Delay(TimeSpan.FromSeconds(1), clock, stoppingToken);
            }
        }
    }

    /// <summary>What one incident needs from CloudWatch now: a snapshot of evidence, and checks to read.</summary>
    private sealed record Work(AlertMetric? Evidence, DateTimeOffset OpenedAt, IReadOnlyList<(VerificationCheck Check, DateTimeOffset Round)> Checks);

    private async Task WatchAsync(IncidentId id, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var work = await _dispatcher.ReadAsync(id, state => Plan(state, now), cancellationToken);
        if (work is null)
        {
            return;
        }

        if (work.Evidence is { } metric)
        {
            var attempt = _snapshotAttempts.AddOrUpdate(id, 1, (_, tried) => tried + 1);
            await SnapshotAsync(id, metric, work.OpenedAt, lastAttempt: attempt >= SnapshotAttempts, cancellationToken);
        }

        foreach (var (check, round) in work.Checks)
        {
            _lastRead[(id, check.Number)] = (round, now);
            await ReadCheckAsync(id, check, now, cancellationToken);
        }
    }

    private Work Plan(Incident state, DateTimeOffset now)
    {
        var evidence = cloudWatch.IsConfigured && state.DetectionSource == "cloudwatch" && state.Snapshots.Count == 0 && _snapshotAttempts.GetValueOrDefault(state.Id) < SnapshotAttempts
            ? state.AlertSamples.Select(a => a.Metric).FirstOrDefault(m => m is not null)
            : null;
        if (state.Snapshots.Count > 0 || state.Phase.IsFinished())
        {
            _snapshotAttempts.TryRemove(state.Id, out _);
        }

        if (state.Phase != Phase.Verifying)
        {
            // Nothing is read outside verifying; forget when checks were last read.
            foreach (var key in _lastRead.Keys.Where(k => k.Item1 == state.Id).ToList())
            {
                _lastRead.TryRemove(key, out _);
            }
        }

        var checks = new List<(VerificationCheck, DateTimeOffset)>();
        if (state.Phase == Phase.Verifying && state.VerifyingSince is { } round)
        {
            foreach (var check in state.ActiveChecks.Where(c => c.Outcome != CheckOutcome.TimedOut))
            {
                var due = !_lastRead.TryGetValue((state.Id, check.Number), out var last) || last.Round != round || now - last.At >= _interval || check.Last is null;
                if (due)
                {
                    checks.Add((check, round));
                }
            }
        }

        return new Work(evidence, state.OpenedAt, checks);
    }

    private async Task ReadCheckAsync(IncidentId id, VerificationCheck check, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var condition = check.Condition;
        var shown = TimeSpan.FromMinutes(Math.Max(1, options.Value.ChartMinutes));
        var from = now - (condition.For > shown ? condition.For : shown);
        IReadOnlyList<MetricPoint> points = [];
        CheckOutcome outcome;
        string detail;
        try
        {
            points = await cloudWatch.GetMetricDataAsync(condition, from, now, cancellationToken);
            (outcome, detail) = CheckEvaluation.Evaluate(condition, points, now, display.Zone);
            if (outcome == CheckOutcome.Passing && check.Source.StartsWith("alarm ", StringComparison.Ordinal))
            {
                (outcome, detail) = await WithAlarmAsync(check.Source["alarm ".Length..], outcome, detail, cancellationToken);
            }
        }
        catch (CloudWatchException ex)
        {
            (outcome, detail) = (CheckOutcome.Error, ex.Advice);
            logger.LogWarning("Check #{Check} of {Incident} could not be read: {Problem}", check.Number, id, ex.Message);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            (outcome, detail) = (CheckOutcome.Error, Unreachable(ex));
            logger.LogWarning("Check #{Check} of {Incident} could not be read: {Problem}", check.Number, id, ex.Message);
        }

        await _dispatcher.RecordAsync(id, null, state => VerificationDecider.Reading(state, check.Number, outcome, detail, points, now, _timeLimit, _refreshEvery), cancellationToken);
    }

    /// <summary>A check that came from an alarm passes only once the alarm itself has left ALARM.</summary>
    private async Task<(CheckOutcome, string)> WithAlarmAsync(string alarm, CheckOutcome outcome, string detail, CancellationToken cancellationToken)
    {
        try
        {
            var state = (await cloudWatch.DescribeAlarmsAsync([alarm], cancellationToken)).FirstOrDefault(a => a.Name == alarm);
            return state switch
            {
                null => (outcome, Say.T(detail + $"; alarm {alarm} no longer exists", $"{detail}（アラーム {alarm} は存在しなくなりました）")),
                { State: "ALARM" } => (CheckOutcome.Failing, Say.T(
                    $"the metric looks fine but alarm {alarm} is still in ALARM: {state.Reason}",
                    $"メトリクスは正常ですが、アラーム {alarm} はまだ ALARM 状態です：{state.Reason}")),
                _ => (outcome, Say.T(detail + $"; alarm {alarm} is {state.State}", $"{detail}（アラーム {alarm} は {state.State} です）")),
            };
        }
        catch (CloudWatchException ex)
        {
            return (outcome, Say.T(detail + $"; the alarm's state could not be read ({ex.Code})", $"{detail}（アラームの状態を読み取れませんでした：{ex.Code}）"));
        }
    }

    /// <summary>
    /// Keeps the alarm metric's hour before detection. A failure that may pass (throttling, CloudWatch
    /// out of reach) is tried again at the next sweeps; the last attempt, or a failure that will not
    /// pass (access denied), is recorded with what went wrong.
    /// </summary>
    private async Task SnapshotAsync(IncidentId id, AlertMetric metric, DateTimeOffset openedAt, bool lastAttempt, CancellationToken cancellationToken)
    {
        var evidence = TimeSpan.FromMinutes(Math.Max(1, options.Value.EvidenceMinutes));
        var condition = VerificationDecider.OnMetric(metric, "<", 0, evidence); // only the metric is read; the test is not used
        IReadOnlyList<MetricPoint> points = [];
        string? problem = null;
        try
        {
            points = await cloudWatch.GetMetricDataAsync(condition, openedAt - evidence, openedAt, cancellationToken);
        }
        catch (CloudWatchException ex)
        {
            if (ex.Retryable && !lastAttempt)
            {
                return;
            }

            problem = ex.Advice;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            if (!lastAttempt)
            {
                return;
            }

            problem = Unreachable(ex);
        }

        var minutes = (int)evidence.TotalMinutes;
        // Stored in English whatever the bot's language (events are language-neutral); the timeline reads it back in its own.
        var why = metric.Expression is null
            ? VerificationMessages.SnapshotWindow.Stored(minutes)
            : VerificationMessages.SnapshotWindowOf.Stored(minutes, metric.Expression);
        await _dispatcher.RecordAsync(id, $"evidence:{id}", state => state.Snapshots.Count > 0
            ? Decision.Answer(IncidentDecider.Aside(Say.T("Evidence was already kept.", "根拠はすでに保存されています。")))
            : Decision.Record(
                IncidentDecider.Aside(Say.T($"Evidence kept: {condition.MetricText}", $"根拠を保存しました：{condition.MetricText}")),
                new MetricSnapshotTaken { Actor = "incidentbot", At = clock.GetUtcNow(), Metric = condition.MetricText, Statistic = condition.Statistic, Why = why, Points = points, Problem = problem }),
            cancellationToken);
    }

    private static string Unreachable(Exception ex) =>
        Say.T("CloudWatch could not be reached: " + ex.Message, "CloudWatch に接続できませんでした：" + ex.Message);

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
