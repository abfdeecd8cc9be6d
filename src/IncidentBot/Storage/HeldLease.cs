namespace IncidentBot.Storage;

/// <summary>
/// A lease a background job keeps while it runs: asked for (or renewed) at most every
/// <see cref="Every"/>, well within the shortest lease, so the job that holds it keeps it and the
/// others take it over within a lease's length after the holder stops.
/// </summary>
public sealed class HeldLease(IReplicaLeases leases, string name, TimeProvider clock)
{
    public static readonly TimeSpan Every = TimeSpan.FromSeconds(1);

    /// <summary>Whether this replica held the lease when last asked.</summary>
    public bool Held { get; private set; }

    /// <summary>When the lease is next asked for.</summary>
    public DateTimeOffset NextCheck { get; private set; } = clock.GetUtcNow();

    /// <summary>Asks for the lease when it is time: true when that changed whether this replica holds it.</summary>
    public async Task<bool> RefreshAsync(CancellationToken cancellationToken)
    {
        if (clock.GetUtcNow() < NextCheck)
        {
            return false;
        }

        NextCheck = clock.GetUtcNow() + Every;
        var held = await leases.HoldAsync(name, cancellationToken);
        var changed = held != Held;
        Held = held;
        return changed;
    }
}
