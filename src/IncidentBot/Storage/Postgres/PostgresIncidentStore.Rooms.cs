using System.Collections.Concurrent;
using IncidentBot.Workflows.Chat;
using IncidentBot.Workflows.Incidents;

namespace IncidentBot.Storage.Postgres;

/// <summary>
/// Which incident a room's commands go to, remembered: without it every command typed in a war room
/// asks the database first. A room's incident changes only when an incident is opened in it, moves to
/// another room or finishes; every replica forgets all it remembered when that happens here
/// (<see cref="ForgetRooms"/>, after the commit) or is told it happened elsewhere
/// (<see cref="RoomsChanged"/>, relayed by <see cref="PostgresChangeRelay"/>). An answer is kept for
/// a short while at most, so a notice lost with a replica that died between its commit and its
/// notice costs at most that long.
/// </summary>
internal sealed partial class PostgresIncidentStore
{
    private const int MaxRooms = 10_000;
    private static readonly TimeSpan RoomMemory = TimeSpan.FromSeconds(2);
    private readonly ConcurrentDictionary<string, (long? Number, DateTimeOffset Until, long Generation)> _roomIncidents = new(StringComparer.Ordinal);
    private long _roomGeneration;

    /// <summary>Raised after a commit here changed which incident some room belongs to.</summary>
    public event Action? RoomsChanged;

    public async Task<IncidentId?> FindIdByRoomAsync(RoomAddress room, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(room);
        var now = Replica.Clock.GetUtcNow();
        // An answer counts only in the generation it was asked in: one kept by a reader that lost the
        // race with a forget (checked, then forgotten, then stored) is ignored.
        if (_roomIncidents.TryGetValue(room.Key, out var known) && known.Until > now && known.Generation == Volatile.Read(ref _roomGeneration))
        {
            return known.Number is { } number ? new IncidentId(number) : null;
        }

        var generation = Volatile.Read(ref _roomGeneration);
        var found = (await FindByRoomAsync(room, cancellationToken))?.Id;
        if (_roomIncidents.Count >= MaxRooms)
        {
            _roomIncidents.Clear();
        }

        _roomIncidents[room.Key] = (found?.Number, now + RoomMemory, generation);
        return found;
    }

    /// <summary>Forgets every room's incident: one was opened, moved or finished (here or on another replica).</summary>
    internal void ForgetRooms()
    {
        Interlocked.Increment(ref _roomGeneration);
        _roomIncidents.Clear();
    }

    /// <summary>After a commit that moved rooms: forgotten here, and the other replicas told.</summary>
    private void RoomsMoved()
    {
        ForgetRooms();
        RoomsChanged?.Invoke();
    }

    /// <summary>Whether writing <paramref name="summary"/> over a row that was in room <paramref name="channel"/>, finished or not, changes a room's incident.</summary>
    private static bool MovesRoom(IncidentSummary summary, string? channel, bool finished) =>
        !string.Equals(summary.Room?.Key, channel, StringComparison.Ordinal) || summary.Phase.IsFinished() != finished;
}
