using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Incidents.Events;

namespace IncidentBot.Workflows.Metrics;

/// <summary>
/// The facts about one incident that metrics need, derived from its events. The store keeps it
/// beside the log (written in the same transaction as the events), so metrics over thousands of
/// incidents need not replay every log; it can always be rebuilt from the events.
/// </summary>
public sealed record IncidentStats(
    long Number,
    Severity? Severity,
    IReadOnlyList<string> Services,
    Phase Phase,
    DateTimeOffset OpenedAt,
    DateTimeOffset Start,
    DateTimeOffset? AcknowledgedAt,
    DateTimeOffset? MitigatedAt,
    DateTimeOffset? ResolvedAt,
    DateTimeOffset? ClosedAt,
    bool DetectedByPerson,
    bool ImpactRecorded,
    IReadOnlyList<string> DataLoss,
    IReadOnlyList<string> ManualInterventions,
    PostmortemStatus Postmortem,
    bool PostmortemWaived,
    int OpenActionItems,
    DateTimeOffset? ImpactFrom = null,
    DateTimeOffset? ImpactTo = null,
    bool NoImpact = false,
    string? DetectedBy = null,
    int? Schema = null)
{
    /// <summary>
    /// How these facts are derived; rows stored under another schema are rebuilt from the events.
    /// 2: detection only as stated (or an alert that opened it), impact only from its stated window.
    /// </summary>
    public const int CurrentSchema = 2;

    public static IncidentStats Of(Incident incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        return new(
            incident.Id.Number,
            incident.Severity,
            incident.Services,
            incident.Phase,
            incident.OpenedAt,
            incident.Start,
            incident.FirstEntered(Phase.Triage),
            incident.FirstEntered(Phase.Verifying),
            incident.FirstEntered(Phase.Reporting),
            incident.FirstEntered(Phase.Closed),
            incident.DetectedBy is "person" or "customer",
            incident.Impact is not null,
            [.. incident.Flags.Where(f => f.Flag == IncidentFlag.DataLoss).Select(f => f.Note)],
            [.. incident.Flags.Where(f => f.Flag == IncidentFlag.ManualIntervention).Select(f => f.Note)],
            incident.PostmortemStatus,
            incident.PostmortemWaivedReason is not null,
            incident.ActionItems.Count(a => a.IsOpen),
            incident.ImpactFrom,
            incident.ImpactTo,
            incident.NoImpact,
            incident.DetectedBy,
            CurrentSchema);
    }
}
