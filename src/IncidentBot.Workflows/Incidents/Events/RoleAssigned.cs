namespace IncidentBot.Workflows.Incidents.Events;

/// <summary>A role taken or handed over. For single-holder roles <see cref="Previous"/> is who had it.</summary>
public sealed record RoleAssigned : IncidentEvent
{
    public required Role Role { get; init; }
    public required string User { get; init; }
    public string? Previous { get; init; }

    public override string Kind => "role";
}
