namespace IncidentBot.Storage.Postgres;

/// <summary>
/// Who this replica is among the replicas sharing one database, and how its leases are kept.
/// </summary>
/// <param name="Owner">Its name in <c>leases</c>: unique per process, so a restarted replica is a new owner.</param>
/// <param name="Lease">How long a claim lasts without renewal: how long a dead replica's queues wait for another to take them.</param>
/// <param name="Clock">The clock leases are stamped and read by.</param>
internal sealed record ReplicaOptions(string Owner, TimeSpan Lease, TimeProvider Clock)
{
    public static readonly TimeSpan DefaultLease = TimeSpan.FromSeconds(15);

    public static ReplicaOptions Default(TimeSpan? lease = null, TimeProvider? clock = null) =>
        new($"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}", lease ?? DefaultLease, clock ?? TimeProvider.System);
}
