using IncidentBot.Storage;

namespace IncidentBot.Chat.Slack;

/// <summary>
/// Slack allows an app 10 Socket Mode connections in all. Each connection holds one of ten slots
/// (leases <c>slack-socket:1</c>..<c>10</c>) while it is open, so replicas × connections never passes
/// ten: a replica asking for more than is free waits for a slot to come free (a replica stopping, or
/// dying and its leases running out). In one process (SQLite) every slot is this process's.
/// </summary>
public sealed class SlackSocketSlots(IReplicaLeases leases, TimeProvider clock, ILogger<SlackSocketSlots> logger)
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

            try
            {
                if (await HoldsAsync(slot, cancellationToken))
                {
                    return slot;
                }
            }
            catch
            {
                Release(slot);
                throw;
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

    /// <summary>A free slot for connection <paramref name="number"/>, or null (said once while it waits, and when the database does not answer).</summary>
    public async Task<int?> TakeAsync(int number, bool waiting, CancellationToken stoppingToken)
    {
        int? slot;
        try
        {
            slot = await TakeAsync(stoppingToken);
        }
#pragma warning disable CA1031 // the database not answering: no slot for now, asked again shortly; the replica keeps running
        catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
        {
            logger.LogWarning("Socket Mode connection {Number} cannot take a slot ({Error}); trying again shortly", number, ex.Message);
            return null;
        }

        if (slot is null && !waiting)
        {
            logger.LogWarning("Socket Mode connection {Number} waits: the app's {Slots} connections are all held by replicas (lower Slack__SocketConnections so replicas × connections stays within {Slots})", number, Slots, Slots);
        }

        return slot;
    }

    /// <summary>
    /// Renews the connection's slot every second until <paramref name="cancellationToken"/> (the
    /// connection closed); when another replica took it, or it cannot be confirmed, <paramref name="lost"/>
    /// closes the connection (which then looks for a slot again).
    /// </summary>
    public async Task KeepAsync(int number, int slot, Func<Task> lost, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lost);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(HeldLease.Every, clock, cancellationToken);
                if (!await HoldsAsync(slot, cancellationToken))
                {
                    logger.LogWarning("Socket Mode connection {Number} lost its slot {Slot} to another replica; closing it", number, slot);
                    await lost();
                    return;
                }
            }
            catch (OperationCanceledException)
            {
                return; // the connection closed
            }
#pragma warning disable CA1031 // the database not answering: the slot cannot be confirmed, so the connection closes rather than risk an eleventh
            catch (Exception ex)
#pragma warning restore CA1031
            {
                logger.LogWarning("Socket Mode connection {Number} could not renew its slot {Slot} ({Error}); closing it until a slot is confirmed", number, slot, ex.Message);
                await lost();
                return;
            }
        }
    }
}
