using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Incidents.Events;

namespace IncidentBot.Workflows.Postmortems;

/// <summary>
/// Whether a postmortem is required, by seed 001's criteria, each met criterion stated as a reason:
/// user-visible impact over 20 minutes, any data loss, a manual intervention (rollback, data patch),
/// resolution over one hour, or detection by a person rather than monitoring.
/// </summary>
public sealed record PostmortemRequirement(bool Required, IReadOnlyList<string> Reasons)
{
    public static PostmortemRequirement Of(Incident incident, DateTimeOffset start, DateTimeOffset end, PostmortemOptions options)
    {
        ArgumentNullException.ThrowIfNull(incident);
        return Evaluate(
            incident.Impact is not null,
            end - start,
            incident.Flags.Where(f => f.Flag == IncidentFlag.DataLoss).Select(f => f.Note),
            incident.Flags.Where(f => f.Flag == IncidentFlag.ManualIntervention).Select(f => f.Note),
            (incident.FirstEntered(Phase.Reporting) ?? end) - incident.OpenedAt,
            incident.DetectionSource == "person",
            options);
    }

    /// <summary>For metrics: the same criteria over an incident's stored facts.</summary>
    public static PostmortemRequirement Of(Metrics.IncidentStats stats, DateTimeOffset now, PostmortemOptions options)
    {
        ArgumentNullException.ThrowIfNull(stats);
        var end = stats.ResolvedAt ?? now;
        return Evaluate(stats.ImpactRecorded, end - stats.Start, stats.DataLoss, stats.ManualInterventions, end - stats.OpenedAt, stats.DetectedByPerson, options);
    }

    private static PostmortemRequirement Evaluate(
        bool impactRecorded, TimeSpan affected, IEnumerable<string> dataLoss, IEnumerable<string> manual, TimeSpan resolution, bool detectedByPerson, PostmortemOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var l = options.Locale;
        var reasons = new List<string>();

        // Impact is user-visible once someone recorded it; the window runs from the first sign until users were fine again.
        if (impactRecorded && affected > options.Downtime)
        {
            reasons.Add(PostmortemText.T(l, "reason.downtime", PostmortemText.Duration(l, affected), PostmortemText.Duration(l, options.Downtime)));
        }

        reasons.AddRange(dataLoss.Select(note => PostmortemText.T(l, "reason.data-loss", note)));
        reasons.AddRange(manual.Select(note => PostmortemText.T(l, "reason.manual", note)));
        if (resolution > options.Resolution)
        {
            reasons.Add(PostmortemText.T(l, "reason.resolution", PostmortemText.Duration(l, resolution), PostmortemText.Duration(l, options.Resolution)));
        }

        if (detectedByPerson)
        {
            reasons.Add(PostmortemText.T(l, "reason.undetected"));
        }

        return reasons.Count > 0
            ? new PostmortemRequirement(true, reasons)
            : new PostmortemRequirement(false, [PostmortemText.T(l, "reason.none", PostmortemText.Duration(l, options.Downtime), PostmortemText.Duration(l, options.Resolution))]);
    }
}
