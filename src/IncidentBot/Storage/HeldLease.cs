namespace IncidentBot.Storage;

/// <summary>
/// A lease a background job keeps while it runs: asked for (or renewed) at most every
/// <see cref="Every"/>, well within the shortest lease, so the job that holds it keeps it and the
/// others take it over within a lease's length after the holder stops. While the database does not
/// answer the lease counts as lost: the job pauses rather than risk doing the work twice.
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
        bool held;
        try
        {
            held = await leases.HoldAsync(name, cancellationToken);
        }
#pragma warning disable CA1031 // the database not answering: this replica cannot know it still holds the lease, so it stops the work until it can
        catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
        {
            held = false;
        }

        var changed = held != Held;
        Held = held;
        return changed;
    }
}
