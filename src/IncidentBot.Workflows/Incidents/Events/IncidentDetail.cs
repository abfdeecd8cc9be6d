namespace IncidentBot.Workflows.Incidents.Events;

public enum IncidentDetail
{
    Title,
    Summary,
    Impact,
    Services,
}
