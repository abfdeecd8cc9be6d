using IncidentBot.Workflows.Outbox;

namespace IncidentBot.Chat;

/// <summary>
/// A chat platform's side of the outbox: carries out one message (open a room, post, refresh,
/// announce, explain) and says what became of it. The delivery loop calls it for the head of each of
/// the platform's queues, one at a time per queue; it must not throw for anything the platform said.
/// </summary>
public interface IOutboxDelivery
{
    /// <summary>The platform's name, as in outbox kinds (<c>slack</c> for <c>slack.post</c>).</summary>
    string Platform { get; }

    DeliveryPacing Pacing { get; }

    /// <param name="item">The head of its queue.</param>
    /// <param name="action">What to do: one of <see cref="OutboxNames"/>' actions.</param>
    Task<DeliveryOutcome> DeliverAsync(OutboxItem item, string action, CancellationToken cancellationToken);
}
