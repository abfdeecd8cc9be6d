using IncidentBot.Workflows.Alerts;

namespace IncidentBot.Workflows.Incidents.Events;

/// <summary>Alerts that are new to the incident, or whose status changed (fired again, resolved).</summary>
public sealed record AlertsReceived : IncidentEvent
{
    public required IReadOnlyList<Alert> Alerts { get; init; }

    /// <summary>True when some alert's name was new to the incident (runbook proposals are reconsidered then).</summary>
    public bool NewNames { get; init; }

    /// <summary>
    /// Alerts each sender group (Alertmanager's <c>groupKey</c>) left out of its latest delivery, when
    /// that changed (<c>max_alerts</c> cut the list): they exist and may be firing, but nobody has seen
    /// them. Zero: that group lists everything again.
    /// </summary>
    public IReadOnlyDictionary<string, int>? Unlisted { get; init; }

    public override string Kind => "alerts";
}
