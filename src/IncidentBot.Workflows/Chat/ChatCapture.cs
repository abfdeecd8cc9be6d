using IncidentBot.Workflows.Commands;
using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Incidents.Events;

namespace IncidentBot.Workflows.Chat;

/// <summary>
/// Records what happened on chat platforms: what they saw in war rooms (the room's incident is found
/// and <see cref="CaptureDecider"/> decides) and the rooms they opened; once per delivery key, so a
/// platform's retry changes nothing.
/// </summary>
public sealed class ChatCapture(CommandDispatcher dispatcher, IIncidentStore store, TimeProvider clock)
{
    /// <summary>Records <paramref name="seen"/> if its room is an incident's war room; false when it is not.</summary>
    public async Task<bool> CaptureAsync(ChatEvent seen, string deliveryKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(seen);
        if (await store.FindIdByRoomAsync(seen.Room, cancellationToken) is not { } incident)
        {
            return false;
        }

        await dispatcher.RecordAsync(incident, deliveryKey, state => CaptureDecider.Decide(state, seen, clock.GetUtcNow()), cancellationToken);
        return true;
    }

    /// <summary>Records that a platform opened <paramref name="room"/> as the incident's war room (once: a retry changes nothing).</summary>
    public Task RoomOpenedAsync(IncidentId id, RoomAddress room, string name, string deliveryKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(room);
        return dispatcher.RecordAsync(id, deliveryKey, state => room.Equals(state.Room)
            ? Decision.Answer(Quiet)
            : Decision.Record(Quiet, new WarRoomOpened { Actor = "incidentbot", At = clock.GetUtcNow(), Room = room, Name = name }),
            cancellationToken);
    }

    private static readonly Func<Incident, BotMessage> Quiet = IncidentDecider.Aside("");
}
