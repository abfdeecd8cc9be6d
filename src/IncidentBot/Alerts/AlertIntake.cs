using System.Collections.Concurrent;
using IncidentBot.Workflows.Alerts;
using IncidentBot.Workflows.Commands;
using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Incidents.Events;
using Microsoft.Extensions.Options;

namespace IncidentBot.Alerts;

/// <summary>What a delivery of alerts did: how many alerts it held, the incidents it opened and the ones it joined.</summary>
public sealed record IntakeResult(int Alerts, IReadOnlyList<string> Opened, IReadOnlyList<string> Joined);

/// <summary>
/// Turns alerts into incidents. Alerts are grouped (<see cref="AlertRules.GroupKey"/>); a group whose
/// incident is open and was heard of within the window joins it, any other group opens a Detected
/// incident (Declare / Dismiss). One group is handled by one caller at a time, so an alert storm
/// arriving on many connections still opens each incident once; and only what is new is recorded,
/// so a retried delivery changes nothing. The groups of open incidents are read back at start-up.
/// </summary>
public sealed class AlertIntake(CommandDispatcher dispatcher, IIncidentStore store, IOptions<AlertOptions> options, TimeProvider clock, ILogger<AlertIntake> logger) : IDisposable
{
    private readonly AlertRules _rules = new()
    {
        GroupBy = AlertRules.ParseGroupBy(options.Value.GroupBy),
        Window = TimeSpan.FromMinutes(Math.Max(1, options.Value.WindowMinutes)),
    };

    private readonly ConcurrentDictionary<string, Group> _groups = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _loading = new(1, 1);
    private volatile bool _loaded;

    public async Task<IntakeResult> IngestAsync(IReadOnlyList<Alert> alerts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        await LoadAsync(cancellationToken);
        var outcomes = await Task.WhenAll(alerts.GroupBy(_rules.GroupKey, StringComparer.Ordinal)
            .Select(group => IngestGroupAsync(group.Key, [.. group], cancellationToken)));
        return new IntakeResult(
            alerts.Count,
            [.. outcomes.Where(o => o.Opened).Select(o => o.Incident!.Value.ToString())],
            [.. outcomes.Where(o => !o.Opened && o.Incident is not null).Select(o => o.Incident!.Value.ToString()).Distinct()]);
    }

    private async Task<(IncidentId? Incident, bool Opened)> IngestGroupAsync(string key, IReadOnlyList<Alert> alerts, CancellationToken cancellationToken)
    {
        var group = _groups.GetOrAdd(key, _ => new Group());
        await group.Gate.WaitAsync(cancellationToken);
        try
        {
            var now = clock.GetUtcNow();
            var source = alerts[0].Source;
            if (group.Incident is { } id && now - group.LastSeen <= _rules.Window)
            {
                var reply = await dispatcher.RecordAsync(id, null, state => state.Phase.IsFinished()
                    ? Decision.Refuse(new Refusal($"{id} is over."))
                    : AlertDecider.Receive(state, alerts, source, now), cancellationToken);
                if (reply.Ok)
                {
                    group.LastSeen = now;
                    return (id, false);
                }
            }

            // Nothing to open for alerts that have all resolved already (a late resolution after a restart, say).
            var firing = alerts.Where(a => a.Status == AlertStatus.Firing).ToList();
            if (firing.Count == 0)
            {
                return (null, false);
            }

            var first = firing.OrderBy(a => a.StartsAt).First();
            var opened = await dispatcher.OpenAsync(
            [
                new IncidentOpened { Actor = source, At = now, Title = AlertRules.Title(first), Severity = AlertRules.SeverityOf(first), Source = source },
                new AlertsReceived { Actor = source, At = now, Alerts = [.. alerts.GroupBy(a => a.Fingerprint).Select(g => g.Last())], NewNames = true },
            ], cancellationToken);
            group.Incident = opened;
            group.LastSeen = now;
            logger.LogInformation("{Source} alert group {Group} opened {Incident}", source, key, opened);
            return (opened, true);
        }
        finally
        {
            group.Gate.Release();
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
                var incident = Incident.Replay(summary.Id, await store.ReadAsync(summary.Id, 0, cancellationToken));
                foreach (var alert in incident.Alerts)
                {
                    var group = _groups.GetOrAdd(_rules.GroupKey(alert), _ => new Group());
                    if (group.Incident is null || group.Incident.Value.Number < summary.Id.Number)
                    {
                        group.Incident = summary.Id;
                        group.LastSeen = incident.UpdatedAt;
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
        public IncidentId? Incident;
        public DateTimeOffset LastSeen;
    }
}
