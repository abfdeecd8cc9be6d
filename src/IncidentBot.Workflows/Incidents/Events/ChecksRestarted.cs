namespace IncidentBot.Workflows.Incidents.Events;

/// <summary>Verification checks that timed out are read again, with a new time limit from now.</summary>
public sealed record ChecksRestarted : IncidentEvent
{
    public override string Kind => "checks-restarted";
}
