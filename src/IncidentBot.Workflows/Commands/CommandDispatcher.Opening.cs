using IncidentBot.Workflows.Chat;
using IncidentBot.Workflows.Incidents;

namespace IncidentBot.Workflows.Commands;

/// <summary>Opening incidents: <c>/incident start</c>, and alerts that open a detected incident.</summary>
public sealed partial class CommandDispatcher
{
    private async Task<BotMessage> StartAsync(ParsedCommand command, CommandContext context, CommandRequest request, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            // One room per incident: on the platform it was started on if that platform opens rooms, else on
            // the primary platform; with none, the room it was typed in becomes its war room if that is free.
            var startedOn = request.OpensOwnRoom ? request.Room?.Platform : null;
            var owner = planner?.RoomOwner(null, startedOn);
            var linkRoom = !request.OpensOwnRoom && owner is null && await IsFreeRoomAsync(request.Room, cancellationToken);
            var (events, refusal) = IncidentOpening.Decide(command, context, linkRoom ? request.Room : null, owner?.Name == startedOn ? startedOn : null);
            var room = linkRoom ? RoomLink.ThisChannel : owner is null ? RoomLink.Elsewhere : owner.Name == startedOn ? RoomLink.Opening : RoomLink.OpeningOnPrimary;
            if (refusal is not null)
            {
                return refusal.Reply(null);
            }

            Func<IncidentId, Delivery>? delivery = request.DeliveryKey is { } key
                ? id => new Delivery(key, ReplyJson.Write(IncidentOpening.Reply(Incident.Replay(id, IncidentOpening.AsRecorded(id, events!)), context.Actor, room, zone, owner?.DisplayName, owner?.Opening)))
                : null;
            try
            {
                var recorded = await store.OpenAsync(events!, delivery,
                    planner is null ? null : state =>
                    {
                        var reply = IncidentOpening.Reply(state, context.Actor, room, zone, owner?.DisplayName, owner?.Opening);
                        return [.. Plan(state, events!, reply, request.AnsweredIn), .. request.FollowUp?.Invoke(reply) ?? []];
                    },
                    cancellationToken);
                Notify(recorded[0].Incident);
                return IncidentOpening.Reply(Incident.Replay(recorded[0].Incident, recorded), context.Actor, room, zone, owner?.DisplayName, owner?.Opening) with { Recorded = true };
            }
            catch (ConcurrencyConflictException) when (attempt < MaxAttempts)
            {
                // Someone took the channel at the same moment, or this delivery was answered meanwhile.
                if (request.DeliveryKey is { } again && await store.FindDeliveryAsync(again, cancellationToken) is { } earlier)
                {
                    return ReplyJson.Read(earlier) with { Replayed = true };
                }
            }
        }
    }

    /// <summary>A room becomes a new incident's war room unless an open incident already has it.</summary>
    private async Task<bool> IsFreeRoomAsync(RoomAddress? room, CancellationToken cancellationToken)
    {
        if (room is null || room.Conversation.Length == 0 || IncidentId.TryParse(room.Conversation, out _))
        {
            return false;
        }

        var current = await store.FindByRoomAsync(room, cancellationToken);
        return current is null || current.Phase.IsFinished();
    }

    /// <summary>
    /// Opens an incident from events no command typed (alerts opening a Detected incident): stored
    /// with what the planners say must be posted, observers told. Returns the new incident's id.
    /// </summary>
    public async Task<IncidentId> OpenAsync(IReadOnlyList<IncidentEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        var recorded = await store.OpenAsync(events, null,
            planner is null ? null : state => Plan(state, events, IncidentCard.Render(state, zone), null),
            cancellationToken);
        var id = recorded[0].Incident;
        Notify(id);
        return id;
    }
}
