namespace IncidentBot.Workflows.Outbox;

/// <summary>
/// Something the bot must still do on a chat platform (post, update, open a room), stored in the same
/// transaction as the events that caused it and delivered later, in order within its <see cref="Queue"/>.
/// </summary>
/// <param name="Queue">Messages in one queue are delivered one after the other, in the order they were stored.</param>
/// <param name="Kind">What the adapter does with it (e.g. <c>slack.post</c>).</param>
/// <param name="Payload">The adapter's own JSON.</param>
public sealed record OutboxMessage(string Queue, string Kind, string Payload)
{
    /// <summary>
    /// Pending messages with the same key are one: storing another only raises <see cref="Version"/>,
    /// so a busy incident's card is updated once for many changes.
    /// </summary>
    public string? CoalesceKey { get; init; }

    /// <summary>The incident's version that asked for it; a coalesced message is current once it is delivered at this version or later.</summary>
    public long Version { get; init; }
}

/// <summary>A stored outbox message, as the delivery loop sees it.</summary>
public sealed record OutboxItem(long Id, string Queue, string Kind, string Payload, long Version, int Attempts, string? Progress, DateTimeOffset CreatedAt, DateTimeOffset? NextAttemptAt)
{
    public string? CoalesceKey { get; init; }

    /// <summary>The fencing token of this replica's claim on the queue (0 where one process delivers everything, as on SQLite).</summary>
    public long Lease { get; init; }
}
