namespace IncidentBot.Workflows.Incidents;

/// <summary>
/// The event log. Both the SQLite and the PostgreSQL stores pass the same test suite against this
/// interface.
/// </summary>
public interface IIncidentStore
{
    /// <summary>
    /// Allocates the next incident number (numbers never repeat, even after a failed open) and writes
    /// the first events as sequence 1..n in one transaction. When the opening event names a room
    /// that already belongs to an open incident, nothing is written and
    /// <see cref="ConcurrencyConflictException"/> is thrown; likewise when the delivery's key was
    /// already recorded. <paramref name="delivery"/> is called with the new id inside the write, so
    /// the reply it records can name the incident.
    /// </summary>
    /// <paramref name="outbox"/> is likewise called with the opened incident, and what it returns is stored with the events.
    Task<IReadOnlyList<RecordedEvent>> OpenAsync(IReadOnlyList<IncidentEvent> events, Func<IncidentId, Delivery>? delivery, Func<Incident, IReadOnlyList<Outbox.OutboxMessage>>? outbox, CancellationToken cancellationToken);

    /// <summary>
    /// Appends events if the incident's last event is still the expected one and the append's
    /// delivery key (if any) was not recorded before, else throws
    /// <see cref="ConcurrencyConflictException"/> and writes nothing. Appends are applied in the
    /// order they are submitted, so a caller may submit the next append before the previous one
    /// completes. When the task completes successfully the events are committed.
    /// </summary>
    Task AppendAsync(Append append, CancellationToken cancellationToken);

    /// <summary>The events after <paramref name="afterSequence"/>, in order.</summary>
    Task<IReadOnlyList<RecordedEvent>> ReadAsync(IncidentId incident, long afterSequence, CancellationToken cancellationToken);

    /// <summary>Open incidents, or all with <paramref name="includeFinished"/>; newest first.</summary>
    Task<IReadOnlyList<IncidentSummary>> ListAsync(bool includeFinished, CancellationToken cancellationToken);

    /// <summary>
    /// At most <paramref name="limit"/> incidents numbered below <paramref name="before"/> (all when null),
    /// newest first, with the total; <see cref="IncidentPage.NextBefore"/> continues where it stopped.
    /// </summary>
    Task<IncidentPage> PageAsync(bool includeFinished, int limit, long? before, CancellationToken cancellationToken);

    /// <summary>
    /// The incident whose war room is <paramref name="room"/> (by its key): the open one if there is
    /// one (there is at most one), else the one most recently opened there, so a closed incident's
    /// room can still add notes to it.
    /// </summary>
    Task<IncidentSummary?> FindByRoomAsync(Chat.RoomAddress room, CancellationToken cancellationToken);

    /// <summary>
    /// The id of the incident <see cref="FindByRoomAsync"/> finds, for routing a command typed in a room.
    /// A store may remember it (PostgreSQL does, so a command costs no extra round trip), as long as it
    /// forgets when an incident is opened in a room, moves or finishes.
    /// </summary>
    async Task<IncidentId?> FindIdByRoomAsync(Chat.RoomAddress room, CancellationToken cancellationToken) =>
        (await FindByRoomAsync(room, cancellationToken))?.Id;

    /// <summary>The metrics facts of every incident, as of its last committed event.</summary>
    Task<IReadOnlyList<Metrics.IncidentStats>> StatsAsync(CancellationToken cancellationToken);

    /// <summary>The reply recorded for a delivery key, if that delivery was already handled.</summary>
    Task<string?> FindDeliveryAsync(string key, CancellationToken cancellationToken);

    /// <summary>
    /// Forgets the delivery keys recorded before <paramref name="before"/> (platforms retry within minutes,
    /// so old keys only take space); the events they caused stay. Returns how many were forgotten.
    /// </summary>
    Task<int> PruneDeliveriesAsync(DateTimeOffset before, CancellationToken cancellationToken);

    /// <summary>True when the store answers a trivial query.</summary>
    Task<bool> IsReadyAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Null while writes work; after a write failed for a reason outside the bot (a full disk, a lock
    /// held elsewhere), the fault, checked again with a probe write so that a cleared fault is seen.
    /// </summary>
    Task<StoreUnavailableException?> WriteProblemAsync(CancellationToken cancellationToken);
}
