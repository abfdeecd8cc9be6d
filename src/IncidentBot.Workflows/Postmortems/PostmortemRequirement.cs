using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Incidents.Events;

namespace IncidentBot.Workflows.Postmortems;

/// <summary>
/// Whether a postmortem is required, by seed 001's criteria, each met criterion stated as a reason:
/// user-visible impact over 20 minutes (from the impact window people stated, never from notes), any
/// data loss, a manual intervention (rollback, data patch), resolution over one hour, or detection by
/// a person or customer rather than monitoring (as stated, or an alert that opened it). What nobody
/// stated is listed in <see cref="Unknown"/> with the command that answers it, never assumed.
/// </summary>
public sealed record PostmortemRequirement(bool Required, IReadOnlyList<string> Reasons)
{
    /// <summary>Facts the verdict needs that nobody has stated yet, each with how to state it.</summary>
    public IReadOnlyList<string> Unknown { get; init; } = [];

    public static PostmortemRequirement Of(Incident incident, DateTimeOffset start, DateTimeOffset end, PostmortemOptions options)
    {
        ArgumentNullException.ThrowIfNull(incident);
        return Evaluate(
            Window(incident.ImpactFrom, incident.ImpactTo, incident.NoImpact, incident.Impact is not null),
            incident.Flags.Where(f => f.Flag == IncidentFlag.DataLoss).Select(f => f.Note),
            incident.Flags.Where(f => f.Flag == IncidentFlag.ManualIntervention).Select(f => f.Note),
            (incident.FirstEntered(Phase.Reporting) ?? end) - incident.OpenedAt,
            incident.DetectedBy,
            options);
    }

    /// <summary>For metrics: the same criteria over an incident's stored facts.</summary>
    public static PostmortemRequirement Of(Metrics.IncidentStats stats, DateTimeOffset now, PostmortemOptions options)
    {
        ArgumentNullException.ThrowIfNull(stats);
        var end = stats.ResolvedAt ?? now;
        return Evaluate(Window(stats.ImpactFrom, stats.ImpactTo, stats.NoImpact, stats.ImpactRecorded), stats.DataLoss, stats.ManualInterventions, end - stats.OpenedAt, stats.DetectedBy, options);
    }

    /// <summary>How long users were affected: known only when both ends were stated; "none" is zero.</summary>
    private static (TimeSpan? Affected, bool Unknown) Window(DateTimeOffset? from, DateTimeOffset? to, bool none, bool impactRecorded) =>
        none ? (TimeSpan.Zero, false) : from is { } f && to is { } t ? (t - f, false) : (null, impactRecorded || from is not null);

    private static PostmortemRequirement Evaluate(
        (TimeSpan? Affected, bool Unknown) impact, IEnumerable<string> dataLoss, IEnumerable<string> manual, TimeSpan resolution, string? detectedBy, PostmortemOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var l = options.Locale;
        var reasons = new List<string>();
        var unknown = new List<string>();
        if (impact.Affected is { } affected && affected > options.Downtime)
        {
            reasons.Add(PostmortemText.T(l, "reason.downtime", PostmortemText.Duration(l, affected), PostmortemText.Duration(l, options.Downtime)));
        }
        else if (impact.Affected is null)
        {
            unknown.Add(PostmortemText.T(l, impact.Unknown ? "unknown.impact-window" : "unknown.impact"));
        }

        reasons.AddRange(dataLoss.Select(note => PostmortemText.T(l, "reason.data-loss", note)));
        reasons.AddRange(manual.Select(note => PostmortemText.T(l, "reason.manual", note)));
        if (resolution > options.Resolution)
        {
            reasons.Add(PostmortemText.T(l, "reason.resolution", PostmortemText.Duration(l, resolution), PostmortemText.Duration(l, options.Resolution)));
        }

        if (detectedBy is "person" or "customer")
        {
            reasons.Add(PostmortemText.T(l, "reason.undetected." + detectedBy));
        }
        else if (detectedBy is null)
        {
            unknown.Add(PostmortemText.T(l, "unknown.detection"));
        }

        return reasons.Count > 0
            ? new PostmortemRequirement(true, reasons) { Unknown = unknown }
            : new PostmortemRequirement(false, [PostmortemText.T(l, unknown.Count > 0 ? "reason.none-known" : "reason.none", PostmortemText.Duration(l, options.Downtime), PostmortemText.Duration(l, options.Resolution))]) { Unknown = unknown };
    }
}
