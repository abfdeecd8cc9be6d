using IncidentBot.Workflows.Chat;
using IncidentBot.Workflows.Incidents;

namespace IncidentBot.Workflows.Outbox;

/// <summary>
/// A chat platform's say in what must be posted after a change: asked by the dispatcher before every
/// append, so what it returns is stored in the same transaction as the events.
/// </summary>
public interface IOutboxPlanner
{
    /// <param name="after">The incident with the new events folded in.</param>
    /// <param name="events">The new events.</param>
    /// <param name="reply">The reply the command got.</param>
    /// <param name="answeredIn">The channel that already saw the reply (a Slack slash command's own answer), if any.</param>
    IEnumerable<OutboxMessage> Plan(Incident after, IReadOnlyList<IncidentEvent> events, BotMessage? reply, string? answeredIn);
}
