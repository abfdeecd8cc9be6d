namespace IncidentBot.Workflows.Outbox;

/// <summary>
/// The durable outbox. Messages caused by events are stored by <see cref="Incidents.IIncidentStore"/>
/// with those events (<see cref="Incidents.Append.Outbox"/>); this interface is the delivery side.
/// </summary>
public interface IOutboxStore
{
    /// <summary>Stores messages no event caused (an explanation to one user, say).</summary>
    Task EnqueueAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken);

    /// <summary>
    /// The oldest undelivered message of every queue this bot may deliver now: only a queue's head may
    /// be delivered. With several replicas on one database each queue is claimed by one of them at a
    /// time, for a lease renewed by every call; an item carries its claim's fencing token
    /// (<see cref="OutboxItem.Lease"/>), which the calls below must give back.
    /// </summary>
    Task<IReadOnlyList<OutboxItem>> HeadsAsync(CancellationToken cancellationToken);

    /// <summary>The first <paramref name="limit"/> messages of one queue, in order (the head and what waits behind it).</summary>
    Task<IReadOnlyList<OutboxItem>> QueueAsync(string queue, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Marks <paramref name="id"/> delivered as of incident version <paramref name="version"/>. A
    /// coalesced message asked for at a later version meanwhile is stored again at the end of its
    /// queue; with no version (delivered for good, or dropped) it is not. <paramref name="lease"/> is
    /// the head's <see cref="OutboxItem.Lease"/>: when another replica has claimed the queue since,
    /// nothing changes and <see cref="OutboxLeaseLostException"/> says so.
    /// </summary>
    Task DeliveredAsync(long id, long lease, long? version, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Leaves <paramref name="id"/> at its queue's head until <paramref name="notBefore"/>, with the reason (fenced by <paramref name="lease"/> as <see cref="DeliveredAsync"/>).</summary>
    Task RetryLaterAsync(long id, long lease, DateTimeOffset notBefore, string reason, bool countAttempt, CancellationToken cancellationToken);

    /// <summary>Records how far a message of several steps got, so a restart resumes after the last step done (fenced by <paramref name="lease"/> as <see cref="DeliveredAsync"/>).</summary>
    Task SaveProgressAsync(long id, long lease, string progress, CancellationToken cancellationToken);

    /// <summary>
    /// Throws <see cref="OutboxLeaseLostException"/> when this bot no longer holds the claim
    /// <paramref name="lease"/> (another replica took the queue over): asked just before something
    /// leaves the bot that no later fenced mark could take back (a room created, a step run).
    /// </summary>
    Task ConfirmClaimAsync(long lease, CancellationToken cancellationToken);

    /// <summary>How many messages are undelivered, and which is the oldest.</summary>
    Task<OutboxDepth> DepthAsync(CancellationToken cancellationToken);

    /// <summary>The platform's message a kind of incident message was posted as (the card, the board), if it was.</summary>
    Task<PostedMessage?> FindPostedAsync(string key, CancellationToken cancellationToken);

    /// <summary>Remembers (or replaces) where a kept-current message lives and what it last showed.</summary>
    Task SavePostedAsync(PostedMessage posted, CancellationToken cancellationToken);
}

/// <summary>
/// The replica delivering a queue lost its claim to another (its lease ran out while it was stalled):
/// what it was doing must stop, the other replica delivers the message now.
/// </summary>
public sealed class OutboxLeaseLostException : Exception
{
    public OutboxLeaseLostException()
    {
    }

    public OutboxLeaseLostException(string message) : base(message)
    {
    }

    public OutboxLeaseLostException(string message, Exception innerException) : base(message, innerException)
    {
    }
}

/// <summary>A message the bot keeps current with updates: where it is, and a hash of what it shows.</summary>
/// <param name="Key">Whose message it is, platform first: <c>slack:card:INC-0042</c>.</param>
/// <param name="Conversation">The platform's conversation it is in.</param>
/// <param name="MessageId">The platform's id of the message, to update it by.</param>
public sealed record PostedMessage(string Key, string Conversation, string MessageId, string Hash);

/// <summary>The outbox's depth, and its oldest undelivered message: when it was stored, what it is, and what went wrong last.</summary>
public sealed record OutboxDepth(long Depth, DateTimeOffset? Oldest)
{
    public string? OldestKind { get; init; }
    public string? OldestQueue { get; init; }
    public string? OldestError { get; init; }
}
