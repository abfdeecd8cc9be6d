using IncidentBot.Storage;

namespace IncidentBot.Chat.Slack;

/// <summary>
/// Slack allows an app 10 Socket Mode connections in all. Each connection holds one of ten slots
/// (leases <c>slack-socket:1</c>..<c>10</c>) while it is open, so replicas × connections never passes
/// ten: a replica asking for more than is free waits for a slot to come free (a replica stopping, or
/// dying and its leases running out). In one process (SQLite) every slot is this process's.
/// </summary>
public sealed class SlackSocketSlots(IReplicaLeases leases)
{
    public const int Slots = 10;

    private readonly HashSet<int> _mine = [];

    /// <summary>A free slot, now this connection's; null when all ten are held.</summary>
    public async Task<int?> TakeAsync(CancellationToken cancellationToken)
    {
        for (var slot = 1; slot <= Slots; slot++)
        {
            lock (_mine)
            {
                if (!_mine.Add(slot))
                {
                    continue; // another connection of this replica has it (a lease is per replica, not per connection)
                }
            }

            if (await HoldsAsync(slot, cancellationToken))
            {
                return slot;
            }

            Release(slot);
        }

        return null;
    }

    /// <summary>Renews <paramref name="slot"/>: false when another replica took it (this one stalled past its lease).</summary>
    public Task<bool> HoldsAsync(int slot, CancellationToken cancellationToken) => leases.HoldAsync($"slack-socket:{slot}", cancellationToken);

    /// <summary>The connection closed: its slot may go to another connection of this replica (other replicas take it when the lease runs out).</summary>
    public void Release(int slot)
    {
        lock (_mine)
        {
            _mine.Remove(slot);
        }
    }
}
