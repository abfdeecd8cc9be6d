namespace IncidentBot.Workflows.Incidents;

/// <summary>
/// How long each stage took, measured from the transitions' own times, never estimated. Each is
/// null until the incident gets there. Time to acknowledge ends at the declaration, mitigate at the
/// first entry to verifying, resolve at the first entry to reporting, close at closing.
/// </summary>
public sealed record PhaseDurations(TimeSpan? ToAcknowledge, TimeSpan? ToMitigate, TimeSpan? ToResolve, TimeSpan? ToClose)
{
    public static PhaseDurations Of(Incident incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        TimeSpan? Since(Phase phase) => incident.FirstEntered(phase) - incident.OpenedAt;
        return new(Since(Phase.Triage), Since(Phase.Verifying), Since(Phase.Reporting), Since(Phase.Closed));
    }
}
