namespace IncidentBot.Workflows.Incidents;

/// <summary>The few facts a list of incidents shows. The store keeps it beside the log as a projection; the log stays the truth.</summary>
public sealed record IncidentSummary(
    IncidentId Id,
    string Title,
    Severity? Severity,
    Phase Phase,
    string? Commander,
    Chat.RoomAddress? Room,
    DateTimeOffset OpenedAt,
    DateTimeOffset UpdatedAt,
    long Version)
{
    /// <summary>The facts metrics need, stored with the summary; null when read back from a list.</summary>
    public Metrics.IncidentStats? Stats { get; init; }

    public static IncidentSummary Of(Incident incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        return new(incident.Id, incident.Title, incident.Severity, incident.Phase, incident.Commander,
            incident.Room, incident.OpenedAt, incident.UpdatedAt, incident.Version)
        {
            Stats = Metrics.IncidentStats.Of(incident),
        };
    }
}
