using IncidentBot.Workflows.Chat;
using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Outbox;

namespace IncidentBot.Workflows.Commands;

/// <summary>
/// A command as any platform delivers it: the typed text, who typed it, the room it was typed in
/// (none for a button pressed outside any room), and optionally the delivery's key, so a retried
/// delivery is answered once.
/// </summary>
public sealed record CommandRequest(string Text, string User, RoomAddress? Room, string? DeliveryKey = null)
{
    /// <summary>
    /// The room that sees the reply as the request's own answer (a Slack slash command's in-channel
    /// response), so the reply is not posted there a second time.
    /// </summary>
    public RoomAddress? AnsweredIn { get; init; }

    /// <summary>The incident whose war room <see cref="Room"/> is, when the platform has already looked it up (saves the store a read).</summary>
    public IncidentId? RoomIncident { get; init; }

    /// <summary>
    /// What the platform sends about the reply besides the room's own posts (its answer in the
    /// conversation the command came from), planned in the same commit as the command's events, so
    /// neither a crash nor the platform's retry can lose it. Only called when something is recorded:
    /// a reply that recorded nothing comes back without <see cref="BotMessage.Recorded"/>.
    /// </summary>
    public Func<BotMessage, IEnumerable<OutboxMessage>>? FollowUp { get; init; }

    /// <summary>True when the command must not make its room the incident's war room: its platform opens its own rooms.</summary>
    public bool OpensOwnRoom { get; init; }
}
