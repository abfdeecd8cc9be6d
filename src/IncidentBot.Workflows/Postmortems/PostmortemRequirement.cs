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
        ArgumentNullException.ThrowIfNull(options);
        var l = options.Locale;
        var reasons = new List<string>();
        var affected = end - start;

        // Impact is user-visible once someone recorded it; the window runs from the first sign until users were fine again.
        if (incident.Impact is not null && affected > options.Downtime)
        {
            reasons.Add(PostmortemText.T(l, "reason.downtime", PostmortemText.Duration(l, affected), PostmortemText.Duration(l, options.Downtime)));
        }

        reasons.AddRange(incident.Flags.Where(f => f.Flag == IncidentFlag.DataLoss).Select(f => PostmortemText.T(l, "reason.data-loss", f.Note)));
        reasons.AddRange(incident.Flags.Where(f => f.Flag == IncidentFlag.ManualIntervention).Select(f => PostmortemText.T(l, "reason.manual", f.Note)));
        var resolution = (incident.FirstEntered(Phase.Reporting) ?? end) - incident.OpenedAt;
        if (resolution > options.Resolution)
        {
            reasons.Add(PostmortemText.T(l, "reason.resolution", PostmortemText.Duration(l, resolution), PostmortemText.Duration(l, options.Resolution)));
        }

        if (incident.DetectionSource == "person")
        {
            reasons.Add(PostmortemText.T(l, "reason.undetected"));
        }

        return reasons.Count > 0
            ? new PostmortemRequirement(true, reasons)
            : new PostmortemRequirement(false, [PostmortemText.T(l, "reason.none", PostmortemText.Duration(l, options.Downtime), PostmortemText.Duration(l, options.Resolution))]);
    }
}
