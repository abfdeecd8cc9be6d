using IncidentBot.Workflows.Chat;
using IncidentBot.Workflows.Incidents;

namespace IncidentBot.Workflows.Outbox;

/// <summary>
/// What must be posted on chat platforms after a change: asked by the dispatcher before every append,
/// so what it returns is stored in the same transaction as the events.
/// </summary>
public interface IOutboxPlanner
{
    /// <param name="after">The incident with the new events folded in.</param>
    /// <param name="events">The new events.</param>
    /// <param name="reply">The reply the command got.</param>
    /// <param name="answeredIn">The room that already saw the reply (a Slack slash command's own answer), if any.</param>
    IEnumerable<OutboxMessage> Plan(Incident after, IReadOnlyList<IncidentEvent> events, BotMessage? reply, RoomAddress? answeredIn);

    /// <summary>
    /// The platform whose war room the incident has or will get: the platform of <paramref name="room"/>
    /// when it has one, else <paramref name="startedOn"/> when that platform opens rooms, else the
    /// primary platform; null when no platform will open one.
    /// </summary>
    ChatPlatform? RoomOwner(RoomAddress? room, string? startedOn);
}
