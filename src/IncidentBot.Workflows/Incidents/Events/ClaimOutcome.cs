namespace IncidentBot.Workflows.Incidents.Events;

public enum ClaimOutcome
{
    Released,
    Done,
}
