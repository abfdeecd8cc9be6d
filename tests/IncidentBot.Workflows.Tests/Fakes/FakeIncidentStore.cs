using IncidentBot.Workflows.Chat;
using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Incidents.Events;

namespace IncidentBot.Workflows.Tests.Fakes;

/// <summary>
/// An in-memory event log that keeps every append it saw, and can play "another replica" by
/// writing an event of its own just before the next append arrives.
/// </summary>
internal sealed class FakeIncidentStore : IIncidentStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<IncidentId, List<RecordedEvent>> _logs = [];
    private readonly Dictionary<string, string> _deliveries = [];
    private long _next;

    public List<Append> Appends { get; } = [];
    public int Conflicts { get; private set; }

    /// <summary>Every outbox message stored with the events, in order.</summary>
    public List<Outbox.OutboxMessage> Outbox { get; } = [];

    /// <summary>Set to have another writer slip an event in before the next append is applied.</summary>
    public IncidentEvent? InterleaveBeforeNextAppend { get; set; }

    public Task<IReadOnlyList<RecordedEvent>> OpenAsync(IReadOnlyList<IncidentEvent> events, Func<IncidentId, Delivery>? delivery, Func<Incident, IReadOnlyList<Outbox.OutboxMessage>>? outbox, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var opened = (IncidentOpened)events[0];
            if (opened.Room is not null && Summaries().Any(s => opened.Room.Equals(s.Room) && !s.Phase.IsFinished()))
            {
                throw new ConcurrencyConflictException("channel taken");
            }

            var id = new IncidentId(_next + 1);
            if (delivery?.Invoke(id) is { } answered && !_deliveries.TryAdd(answered.Key, answered.Reply))
            {
                throw new ConcurrencyConflictException("delivery seen");
            }

            _next++;
            var log = events.Select((e, i) => new RecordedEvent(id, i + 1, Guid.NewGuid(), e)).ToList();
            _logs[id] = log;
            Outbox.AddRange(outbox?.Invoke(Incident.Replay(id, log)) ?? []);
            return Task.FromResult<IReadOnlyList<RecordedEvent>>(log);
        }
    }

    public Task AppendAsync(Append append, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var log = _logs[append.Incident];
            if (InterleaveBeforeNextAppend is { } other)
            {
                InterleaveBeforeNextAppend = null;
                log.Add(new RecordedEvent(append.Incident, log.Count + 1, Guid.NewGuid(), other));
            }

            if (log.Count != append.ExpectedVersion || log[^1].EventId != append.ExpectedLastEventId
                || (append.Delivery is { } d && _deliveries.ContainsKey(d.Key)))
            {
                Conflicts++;
                return Task.FromException(new ConcurrencyConflictException("changed"));
            }

            Appends.Add(append);
            if (append.Delivery is { } delivery)
            {
                _deliveries[delivery.Key] = delivery.Reply;
            }

            log.AddRange(append.Events);
            Outbox.AddRange(append.Outbox);
            return Task.CompletedTask;
        }
    }

    public Task<IReadOnlyList<RecordedEvent>> ReadAsync(IncidentId incident, long afterSequence, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<RecordedEvent> events = _logs.TryGetValue(incident, out var log) ? [.. log.Where(e => e.Sequence > afterSequence)] : [];
            return Task.FromResult(events);
        }
    }

    public Task<IReadOnlyList<IncidentSummary>> ListAsync(bool includeFinished, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<IncidentSummary> list = [.. Summaries().Where(s => includeFinished || !s.Phase.IsFinished()).OrderByDescending(s => s.Id.Number)];
            return Task.FromResult(list);
        }
    }

    public async Task<IncidentPage> PageAsync(bool includeFinished, int limit, long? before, CancellationToken cancellationToken)
    {
        var all = await ListAsync(includeFinished, cancellationToken);
        var page = all.Where(s => before is null || s.Id.Number < before).Take(limit + 1).ToList();
        return new IncidentPage([.. page.Take(limit)], all.Count, page.Count > limit ? page[limit - 1].Id.Number : null);
    }

    public Task<IncidentSummary?> FindByRoomAsync(RoomAddress room, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var found = Summaries().Where(s => room.Equals(s.Room))
                .OrderBy(s => s.Phase.IsFinished()).ThenByDescending(s => s.Id.Number).FirstOrDefault();
            return Task.FromResult(found);
        }
    }

    public Task<string?> FindDeliveryAsync(string key, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_deliveries.GetValueOrDefault(key));
        }
    }

    public Task<IReadOnlyList<Workflows.Metrics.IncidentStats>> StatsAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<Workflows.Metrics.IncidentStats> stats = [.. _logs.Select(pair => Workflows.Metrics.IncidentStats.Of(Incident.Replay(pair.Key, pair.Value)))];
            return Task.FromResult(stats);
        }
    }

    public Task<bool> IsReadyAsync(CancellationToken cancellationToken) => Task.FromResult(true);

    public Task<int> PruneDeliveriesAsync(DateTimeOffset before, CancellationToken cancellationToken) => Task.FromResult(0);

    public Task<StoreUnavailableException?> WriteProblemAsync(CancellationToken cancellationToken) => Task.FromResult<StoreUnavailableException?>(null);

    private IEnumerable<IncidentSummary> Summaries() =>
        _logs.Select(pair => IncidentSummary.Of(Incident.Replay(pair.Key, pair.Value)));
}
