namespace IncidentBot.Workflows.Incidents.Events;

public sealed record RoleVacated : IncidentEvent
{
    public required Role Role { get; init; }
    public required string User { get; init; }

    public override string Kind => "role-vacated";
}
