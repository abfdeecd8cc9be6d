using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using IncidentBot.Workflows.Alerts;
using IncidentBot.Workflows.Commands;
using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Incidents.Events;
using Microsoft.Extensions.Options;

namespace IncidentBot.Alerts;

/// <summary>What a delivery of alerts did: how many alerts it held, the incidents it opened and the ones it joined.</summary>
public sealed record IntakeResult(int Alerts, IReadOnlyList<string> Opened, IReadOnlyList<string> Joined);

/// <summary>
/// Turns alerts into incidents. Alerts are grouped (<see cref="AlertRules.GroupKey"/>). A group whose
/// incident is open joins it when the group was heard of within the window, or when the delivery
/// repeats or resolves an alert the incident already has, however late (the window is for new
/// firings only: Alertmanager repeats a long-firing alert every repeat_interval); any other group
/// opens a Detected incident (Declare / Dismiss). One group is handled by one caller at a time, so an
/// alert storm arriving on many connections still opens each incident once; and only what is new is
/// recorded, so a retried delivery changes nothing. The groups of open incidents are read back at start-up.
/// </summary>
public sealed class AlertIntake(CommandDispatcher dispatcher, IIncidentStore store, AlertRules rules, IOptions<Aws.AwsOptions> aws, TimeProvider clock, ILogger<AlertIntake> logger) : IDisposable
{
    private readonly AlertRules _rules = rules;

    private readonly ConcurrentDictionary<string, Group> _groups = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _loading = new(1, 1);
    private volatile bool _loaded;

    public Task<IntakeResult> IngestAsync(IReadOnlyList<Alert> alerts, CancellationToken cancellationToken) =>
        IngestAsync(new AlertBatch(alerts), cancellationToken);

    public async Task<IntakeResult> IngestAsync(AlertBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        await LoadAsync(cancellationToken);
        var alerts = batch.Alerts;
        var outcomes = await Task.WhenAll(alerts.GroupBy(_rules.GroupKey, StringComparer.Ordinal)
            .Select(group => IngestGroupAsync(group.Key, [.. group], batch.Unlisted, cancellationToken)));
        return new IntakeResult(
            alerts.Count,
            [.. outcomes.Where(o => o.Opened).Select(o => o.Incident!.Value.ToString())],
            [.. outcomes.Where(o => !o.Opened && o.Incident is not null).Select(o => o.Incident!.Value.ToString()).Distinct()]);
    }

    private async Task<(IncidentId? Incident, bool Opened)> IngestGroupAsync(string key, IReadOnlyList<Alert> alerts, int unlisted, CancellationToken cancellationToken)
    {
        var group = _groups.GetOrAdd(key, _ => new Group());
        var source = alerts[0].Source;

        // The common case, a group whose incident is open: straight to the incident, whose commands are
        // decided in order and committed in groups, without holding the group for the commit.
        if (group.Incident is { } known && await BelongsAsync(group, known, alerts, cancellationToken) && await JoinAsync(group, known, alerts, unlisted, source, cancellationToken))
        {
            return (known, false);
        }

        // Opening: one caller per group, and whoever waited checks again, so a storm opens it once.
        await group.Gate.WaitAsync(cancellationToken);
        try
        {
            if (group.Incident is { } id && await BelongsAsync(group, id, alerts, cancellationToken) && await JoinAsync(group, id, alerts, unlisted, source, cancellationToken))
            {
                return (id, false);
            }

            // Nothing to open for alerts that have all resolved already (a late resolution after a restart, say).
            var firing = alerts.Where(a => a.Status == AlertStatus.Firing).ToList();
            if (firing.Count == 0)
            {
                return (null, false);
            }

            var now = clock.GetUtcNow();
            var first = firing.OrderBy(a => a.StartsAt).First();
            List<IncidentEvent> events =
            [
                new IncidentOpened { Actor = source, At = now, Title = _rules.Title(first), Severity = _rules.SeverityOf(first), Source = source },
                new AlertsReceived { Actor = source, At = now, Alerts = [.. alerts.GroupBy(a => a.Fingerprint).Select(g => g.Last())], NewNames = true, Unlisted = unlisted },
            ];
            if (_rules.ServicesOf(firing) is { Count: > 0 } services)
            {
                events.Add(new DetailChanged { Actor = source, At = now, Detail = IncidentDetail.Services, Value = string.Join(", ", services) });
            }

            // An alarm on a metric says what "fixed" means: its metric back on the good side of the threshold
            // (when the bot can read CloudWatch; a check it cannot read would only hold verification up).
            if (aws.Value.EffectiveRegion is not null && firing.Select(a => a.Metric).FirstOrDefault(m => m is not null) is { } metric && VerificationDecider.FromAlarm(metric) is { } condition)
            {
                events.Add(new CheckAdded { Actor = source, At = now, Check = 1, Condition = condition.ToString(), Source = "alarm " + first.Name });
            }

            var opened = await dispatcher.OpenAsync(events, cancellationToken);
            group.Incident = opened;
            group.Seen(now);
            logger.LogInformation("{Source} alert group {Group} opened {Incident}", source, key, opened);
            return (opened, true);
        }
        finally
        {
            group.Gate.Release();
        }
    }

    /// <summary>
    /// Whether the alerts belong to the group's incident: the group was heard of within the window, or
    /// the incident already has one of these alerts and this is its repeat or resolution (the window is
    /// for new firings only). A finished incident is refused when the alerts are recorded.
    /// </summary>
    private async Task<bool> BelongsAsync(Group group, IncidentId id, IReadOnlyList<Alert> alerts, CancellationToken cancellationToken) =>
        clock.GetUtcNow() - group.LastSeen <= _rules.Window
        || await dispatcher.ReadAsync(id, state => !state.Phase.IsFinished() && alerts.Any(a => state.AlertFor(a.Fingerprint) is { } known && !AlertDecider.IsNewFiring(a, known))
            ? state.Id.ToString() // anything but null is yes; an unknown incident reads as null too
            : null, cancellationToken) is not null;

    /// <summary>
    /// Records the alerts on the group's incident, if it is still open. Deliveries that arrive for a
    /// group while its previous batch is being committed are recorded together in the next one (group
    /// commit per incident): in a storm an incident takes a few large appends instead of one per
    /// delivery. Each caller returns once its own alerts are committed.
    /// </summary>
    private async Task<bool> JoinAsync(Group group, IncidentId id, IReadOnlyList<Alert> alerts, int unlisted, string source, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        bool lead;
        lock (group.Pending)
        {
            group.Waiting.Add((alerts, unlisted, done));
            lead = !group.Flushing;
            group.Flushing = true;
        }

        if (lead)
        {
            _ = Task.Run(() => FlushAsync(group, id, source), CancellationToken.None);
        }

        return await done.Task.WaitAsync(cancellationToken);
    }

    private async Task FlushAsync(Group group, IncidentId id, string source)
    {
        while (true)
        {
            List<(IReadOnlyList<Alert> Alerts, int Unlisted, TaskCompletionSource<bool> Done)> batch;
            lock (group.Pending)
            {
                if (group.Waiting.Count == 0)
                {
                    group.Flushing = false;
                    return;
                }

                batch = group.Waiting;
                group.Waiting = [];
            }

            try
            {
                var now = clock.GetUtcNow();
                var alerts = batch.SelectMany(b => b.Alerts).ToList();
                var reply = await dispatcher.RecordAsync(id, null, state => state.Phase.IsFinished()
                    ? Decision.Refuse(new Refusal($"{id} is over."))
                    : AlertDecider.Receive(state, alerts, source, now, _rules, batch[^1].Unlisted), CancellationToken.None);
                if (reply.Ok)
                {
                    group.Seen(now);
                }

                foreach (var (_, _, done) in batch)
                {
                    done.TrySetResult(reply.Ok);
                }
            }
#pragma warning disable CA1031 // Whatever failed, every caller in the batch is told, and the loop goes on for the next.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                foreach (var (_, _, done) in batch)
                {
                    done.TrySetException(ex);
                }
            }
        }
    }

    /// <summary>Reads the alert groups of open incidents, once, so a restart keeps joining them.</summary>
    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        if (_loaded)
        {
            return;
        }

        await _loading.WaitAsync(cancellationToken);
        try
        {
            if (_loaded)
            {
                return;
            }

            foreach (var summary in await store.ListAsync(includeFinished: false, cancellationToken))
            {
                var events = await store.ReadAsync(summary.Id, 0, cancellationToken);
                var incident = Incident.Replay(summary.Id, events);
                foreach (var alert in events.Select(e => e.Event).OfType<AlertsReceived>().SelectMany(r => r.Alerts))
                {
                    var group = _groups.GetOrAdd(_rules.GroupKey(alert), _ => new Group());
                    if (group.Incident is null || group.Incident.Value.Number < summary.Id.Number)
                    {
                        group.Incident = summary.Id;
                        group.Seen(incident.UpdatedAt);
                    }
                }
            }

            _loaded = true;
        }
        finally
        {
            _loading.Release();
        }
    }

    public void Dispose() => _loading.Dispose();

    // A SemaphoreSlim needs disposing only when its wait handle was used, which this one never is.
#pragma warning disable CA1001
    private sealed class Group
#pragma warning restore CA1001
    {
        public readonly SemaphoreSlim Gate = new(1, 1);
        public readonly Lock Pending = new();
        public List<(IReadOnlyList<Alert> Alerts, int Unlisted, TaskCompletionSource<bool> Done)> Waiting = [];
        public bool Flushing;
        private long _lastSeen;
        private volatile StrongBox<IncidentId>? _incident;

        /// <summary>Read without the gate by joiners; written under it.</summary>
        public IncidentId? Incident
        {
            get => _incident?.Value;
            set => _incident = value is { } id ? new StrongBox<IncidentId>(id) : null;
        }

        public DateTimeOffset LastSeen => new(Interlocked.Read(ref _lastSeen), TimeSpan.Zero);

        public void Seen(DateTimeOffset at)
        {
            var ticks = at.UtcTicks;
            for (var seen = Interlocked.Read(ref _lastSeen); ticks > seen; seen = Interlocked.Read(ref _lastSeen))
            {
                if (Interlocked.CompareExchange(ref _lastSeen, ticks, seen) == seen)
                {
                    return;
                }
            }
        }
    }
}

