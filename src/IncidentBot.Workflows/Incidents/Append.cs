namespace IncidentBot.Workflows.Incidents;

/// <summary>
/// Events to add to an incident's log, on the condition that its last event is still
/// (<see cref="ExpectedVersion"/>, <see cref="ExpectedLastEventId"/>). Checking the event id as well
/// as the number means an append decided on top of an earlier append that failed can never land.
/// </summary>
public sealed record Append(
    IncidentId Incident,
    long ExpectedVersion,
    Guid ExpectedLastEventId,
    IReadOnlyList<RecordedEvent> Events,
    IncidentSummary Summary)
{
    /// <summary>The delivery this append answers, recorded with it; null for commands without a key.</summary>
    public Delivery? Delivery { get; init; }

    /// <summary>What the bot must post because of these events, stored with them.</summary>
    public IReadOnlyList<Outbox.OutboxMessage> Outbox { get; init; } = [];
}
