namespace IncidentBot.Storage;

/// <summary>
/// Work that one replica at a time must do (a sweep of the metric checks, say), held by name. On
/// SQLite one process does everything and always holds; on PostgreSQL a lease is taken when free or
/// expired and renewed by each call of its holder.
/// </summary>
public interface IReplicaLeases
{
    /// <summary>True when other replicas may share the database (PostgreSQL), so holding a lease is news worth a log line.</summary>
    bool AcrossReplicas { get; }

    /// <summary>Takes or renews <paramref name="name"/> for this replica: true while it holds it.</summary>
    Task<bool> HoldAsync(string name, CancellationToken cancellationToken);
}
