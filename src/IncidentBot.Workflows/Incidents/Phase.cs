namespace IncidentBot.Workflows.Incidents;

public enum Phase
{
    Detected,
    Triage,
    Recovering,
    Verifying,
    Reporting,
    Closed,
    Dismissed,
    Cancelled,
}
