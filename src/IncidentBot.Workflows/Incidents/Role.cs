namespace IncidentBot.Workflows.Incidents;

public enum Role
{
    Commander,
    Communications,
    Scribe,
    Investigator,
}
