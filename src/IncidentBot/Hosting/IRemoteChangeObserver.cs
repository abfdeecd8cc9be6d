using IncidentBot.Workflows.Incidents;

namespace IncidentBot.Hosting;

/// <summary>
/// Told when another replica committed a change (PostgreSQL's notices), for what must react wherever
/// it runs: pages open on this replica, this replica's deliveries, the metric watcher if it holds the
/// sweep. Not for what must happen once per change (that runs on the replica that committed it).
/// </summary>
public interface IRemoteChangeObserver
{
    /// <summary>Events of <paramref name="incident"/> were committed elsewhere.</summary>
    void ChangedElsewhere(IncidentId incident);

    /// <summary>An exchange was kept in <paramref name="room"/> elsewhere.</summary>
    void SaidElsewhere(string room)
    {
    }
}
