using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using IncidentBot.Workflows.Alerts;
using IncidentBot.Workflows.Commands;
using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Incidents.Events;
using IncidentBot.Workflows.Language;
using Microsoft.Extensions.Options;

namespace IncidentBot.Alerts;

/// <summary>
/// What a delivery of alerts did: how many alerts it held, the incidents it opened and joined, and
/// those whose alerts it only repeated after someone dismissed or closed them (nothing recorded).
/// </summary>
public sealed record IntakeResult(int Alerts, IReadOnlyList<string> Opened, IReadOnlyList<string> Joined)
{
    public IReadOnlyList<string> Ignored { get; init; } = [];
}

/// <summary>
/// Turns alerts into incidents. Alerts are grouped (<see cref="AlertRules.GroupKey"/>). A group whose
/// incident is open joins it when the group was heard of within the window, or when the delivery
/// repeats or resolves an alert the incident already has, however late (the window is for new
/// firings only: Alertmanager repeats a long-firing alert every repeat_interval). Repeats of what
/// someone dismissed or closed change nothing. Any other firing opens a Detected incident (Declare /
/// Dismiss). One group opens at most one incident at a time, so an alert storm arriving on many
/// connections still opens each incident once; and only what is new is recorded, so a retried
/// delivery changes nothing. Groups are read back from recent incidents at start-up, and kept in the
/// store (<see cref="IAlertGroupStore"/>): replicas sharing it open a group's incident holding the
/// group's lock there, after reading what the others recorded, so the same alert posted to two
/// replicas at once opens one incident.
/// </summary>
public sealed class AlertIntake(CommandDispatcher dispatcher, IIncidentStore store, IAlertGroupStore groups, AlertRules rules, IOptions<Aws.AwsOptions> aws, TimeProvider clock, ILogger<AlertIntake> logger) : IDisposable
{
    /// <summary>How far back finished incidents are read at start-up, so repeats of a dismissed alert stay ignored.</summary>
    private static readonly TimeSpan FinishedMemory = TimeSpan.FromDays(1);

    private readonly AlertRules _rules = rules;
    private readonly ConcurrentDictionary<string, Group> _groups = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<IncidentId, IncidentSink> _sinks = new();
    private readonly SemaphoreSlim _loading = new(1, 1);
    private volatile bool _loaded;

    private enum Outcome
    {
        None,
        Opened,
        Joined,
        Ignored,
    }

    public Task<IntakeResult> IngestAsync(IReadOnlyList<Alert> alerts, CancellationToken cancellationToken) =>
        IngestAsync(new AlertBatch(alerts), cancellationToken);

    public async Task<IntakeResult> IngestAsync(AlertBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        await LoadAsync(cancellationToken);
        var outcomes = await Task.WhenAll(batch.Alerts.GroupBy(_rules.GroupKey, StringComparer.Ordinal)
            .Select(group => IngestGroupAsync(group.Key, [.. group], batch, cancellationToken)));
        string[] Of(Outcome outcome) => [.. outcomes.Where(o => o.Outcome == outcome).Select(o => o.Incident!.Value.ToString()).Distinct()];
        return new IntakeResult(batch.Alerts.Count, Of(Outcome.Opened), Of(Outcome.Joined)) { Ignored = Of(Outcome.Ignored) };
    }

    private async Task<(IncidentId? Incident, Outcome Outcome)> IngestGroupAsync(string key, IReadOnlyList<Alert> alerts, AlertBatch batch, CancellationToken cancellationToken)
    {
        var group = _groups.GetOrAdd(key, _ => new Group());
        var source = alerts[0].Source;

        // The common case, a group whose incident is open: straight to the incident, whose commands are
        // decided in order and committed in groups, without holding the group for the commit.
        if (group.Incident is { } known && await BelongsAsync(group, known, alerts, cancellationToken) && await JoinAsync(group, known, alerts, batch, cancellationToken))
        {
            await groups.SaveGroupAsync(key, known, clock.GetUtcNow(), cancellationToken);
            return (known, Outcome.Joined);
        }

        // Opening: one caller per group here and across replicas, and whoever waited reads the group
        // again (another replica may have opened its incident meanwhile), so a storm opens it once.
        await group.Gate.WaitAsync(cancellationToken);
        try
        {
            await using var held = await groups.LockGroupAsync(key, cancellationToken);
            if (await groups.FindGroupAsync(key, cancellationToken) is { } recorded && (group.Incident is not { } mine || recorded.Incident.Number >= mine.Number))
            {
                group.Incident = recorded.Incident;
                group.Seen(recorded.LastSeen);
            }

            if (group.Incident is { } id && await BelongsAsync(group, id, alerts, cancellationToken) && await JoinAsync(group, id, alerts, batch, cancellationToken))
            {
                await groups.SaveGroupAsync(key, id, clock.GetUtcNow(), cancellationToken);
                return (id, Outcome.Joined);
            }

            // Nothing to open for alerts that have all resolved already (a late resolution after a restart, say).
            var firing = alerts.Where(a => a.Status == AlertStatus.Firing).ToList();
            if (firing.Count == 0)
            {
                return (null, Outcome.None);
            }

            // Someone dismissed or closed the group's incident while these still fire: their repeats are not a new incident.
            if (group.Incident is { } last && await RepeatsOnlyAsync(last, firing, cancellationToken))
            {
                return (last, Outcome.Ignored);
            }

            var opened = await OpenAsync(firing, alerts, batch, source, cancellationToken);
            group.Incident = opened;
            group.Seen(clock.GetUtcNow());
            await groups.SaveGroupAsync(key, opened, clock.GetUtcNow(), CancellationToken.None);
            logger.LogInformation("{Source} alert group {Group} opened {Incident}", source, key, opened);
            return (opened, Outcome.Opened);
        }
        finally
        {
            group.Gate.Release();
        }
    }

    private async Task<IncidentId> OpenAsync(List<Alert> firing, IReadOnlyList<Alert> alerts, AlertBatch batch, string source, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var first = firing.OrderBy(a => a.StartsAt).First();
        List<IncidentEvent> events =
        [
            new IncidentOpened { Actor = source, At = now, Title = _rules.Title(first), Severity = _rules.SeverityOf(first), Source = source },
            new AlertsReceived
            {
                Actor = source,
                At = now,
                Alerts = [.. alerts.GroupBy(a => a.Fingerprint).Select(g => g.Last())],
                NewNames = true,
                Unlisted = batch.Unlisted > 0 ? new Dictionary<string, int> { [batch.Group] = batch.Unlisted } : null,
            },
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

        return await dispatcher.OpenAsync(events, cancellationToken);
    }

    /// <summary>
    /// Whether the alerts belong to the group's incident: the group was heard of within the window, or
    /// the incident is open and already has one of these alerts (the window is for new firings only).
    /// A finished incident is refused when the alerts are recorded.
    /// </summary>
    private async Task<bool> BelongsAsync(Group group, IncidentId id, IReadOnlyList<Alert> alerts, CancellationToken cancellationToken) =>
        clock.GetUtcNow() - group.LastSeen <= _rules.Window
        || await dispatcher.ReadAsync(id, state => !state.Phase.IsFinished() && alerts.Any(a => state.AlertFor(a.Fingerprint) is { } known && !AlertDecider.IsNewFiring(a, known))
            ? state.Id.ToString() // anything but null is yes; an unknown incident reads as null too
            : null, cancellationToken) is not null;

    /// <summary>True when the incident, finished, already has every one of these firing alerts, still firing: nothing new happened.</summary>
    private async Task<bool> RepeatsOnlyAsync(IncidentId id, IReadOnlyList<Alert> firing, CancellationToken cancellationToken) =>
        await dispatcher.ReadAsync(id, state => state.Phase.IsFinished() && firing.All(a => state.AlertFor(a.Fingerprint) is { } known && !AlertDecider.IsNewFiring(a, known))
            ? state.Id.ToString()
            : null, cancellationToken) is not null;

    /// <summary>Records the alerts on the incident, if it is still open; true once they are committed.</summary>
    private async Task<bool> JoinAsync(Group group, IncidentId id, IReadOnlyList<Alert> alerts, AlertBatch batch, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var sink = _sinks.GetOrAdd(id, _ => new IncidentSink());
        if (sink.Add(new IncidentSink.Entry(alerts, batch, () => group.Seen(clock.GetUtcNow()), done)))
        {
            _ = Task.Run(() => FlushAsync(sink, id, alerts[0].Source), CancellationToken.None);
        }

        return await done.Task.WaitAsync(cancellationToken);
    }

    private async Task FlushAsync(IncidentSink sink, IncidentId id, string source)
    {
        while (sink.Take() is { } entries)
        {
            try
            {
                var now = clock.GetUtcNow();
                var (alerts, unlisted) = IncidentSink.Merge(entries);
                var reply = await dispatcher.RecordAsync(id, null, state => state.Phase.IsFinished()
                    ? Decision.Refuse(new Refusal(Say.T($"{id} is over.", $"{id} はすでに終了しています。")))
                    : AlertDecider.Receive(state, alerts, source, now, _rules, unlisted), CancellationToken.None);
                foreach (var entry in entries)
                {
                    if (reply.Ok)
                    {
                        entry.Seen();
                    }

                    entry.Done.TrySetResult(reply.Ok);
                }
            }
#pragma warning disable CA1031 // Whatever failed, every caller in the batch is told, and the loop goes on for the next.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                foreach (var entry in entries)
                {
                    entry.Done.TrySetException(ex);
                }
            }
        }
    }

    /// <summary>
    /// Reads the alert groups of open incidents, and of those finished within <see cref="FinishedMemory"/>,
    /// once, so a restart keeps joining them and keeps ignoring repeats of what was dismissed.
    /// </summary>
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

            var since = clock.GetUtcNow() - FinishedMemory;
            foreach (var summary in (await store.ListAsync(includeFinished: true, cancellationToken)).Where(s => !s.Phase.IsFinished() || s.UpdatedAt > since))
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

