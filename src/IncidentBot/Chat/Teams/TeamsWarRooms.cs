using System.Collections.Concurrent;
using IncidentBot.Workflows.Chat;
using IncidentBot.Workflows.Incidents;

namespace IncidentBot.Chat.Teams;

/// <summary>
/// Which incident's war room a Teams conversation is: the thread itself (thread mode) or the channel
/// it is in (channel mode). A conversation that is a war room stays that incident's for good (rooms
/// are made new for each incident), so a found room is remembered and a busy room costs the store no
/// read per message; a conversation that is not (yet) a room is asked about again every time.
/// </summary>
public sealed class TeamsWarRooms(IIncidentStore store)
{
    private const int MaxRemembered = 10_000;
    private readonly ConcurrentDictionary<string, (RoomAddress Room, IncidentId Incident)> _known = new(StringComparer.Ordinal);

    public async Task<(RoomAddress Room, IncidentId Incident)?> FindAsync(TeamsActivity activity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var exact = TeamsPlatform.Room(activity.ConversationId!, activity.ServiceUrl, activity.Tenant);
        if (_known.TryGetValue(exact.Key, out var known))
        {
            return known;
        }

        var channel = exact with { Conversation = TeamsPlatform.ChannelOf(exact.Conversation) };
        var found = await store.FindByRoomAsync(exact, cancellationToken) is { } here ? (exact, here.Id)
            : !channel.Equals(exact) && await store.FindByRoomAsync(channel, cancellationToken) is { } outer ? (channel, outer.Id)
            : ((RoomAddress, IncidentId)?)null;
        if (found is { } room)
        {
            if (_known.Count >= MaxRemembered)
            {
                _known.Clear();
            }

            _known[exact.Key] = room;
        }

        return found;
    }
}
