namespace IncidentBot.Workflows.Incidents;

/// <summary>Told after an incident's new events are committed (the war room page refreshes from it).</summary>
public interface IIncidentObserver
{
    void Changed(IncidentId incident);
}
