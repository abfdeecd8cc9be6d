using IncidentBot.Storage.Postgres;
using IncidentBot.Tests.Support;
using IncidentBot.Workflows.Chat;
using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Incidents.Events;

namespace IncidentBot.Tests.Storage;

/// <summary>
/// Two replicas' stores on one PostgreSQL (each its own connection pool, as two processes would
/// have): what one must not do twice, neither does the other.
/// </summary>
public sealed class PostgresReplicaStoreTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly CancellationToken None = CancellationToken.None;
    private TempPostgresDatabase? _database;
    private PostgresIncidentStore? _a;
    private PostgresIncidentStore? _b;

    public async Task InitializeAsync()
    {
        _database = await TempPostgresDatabase.CreateAsync();
        _a = new PostgresIncidentStore(_database.DataSource());
        _b = new PostgresIncidentStore(_database.DataSource());
        // Both start together, as replicas do: the schema is made once.
        await Task.WhenAll(_a.InitializeAsync(None), _b.InitializeAsync(None));
    }

    public async Task DisposeAsync()
    {
        await _a!.DisposeAsync();
        await _b!.DisposeAsync();
        await _database!.DisposeAsync();
    }

    [Fact]
    public async Task Appends_from_both_replicas_on_one_incident_lose_nothing_and_duplicate_nothing()
    {
        var opened = await _a!.OpenAsync([new IncidentOpened { Actor = "alice", At = T0, Title = "db down" }], null, null, None);
        var id = opened[0].Incident;
        var kept = 0;
        var refused = 0;
        // 40 writers, half on each replica, each reading the latest state and appending one note, retrying on conflict.
        await Task.WhenAll(Enumerable.Range(0, 40).Select(async i =>
        {
            var store = i % 2 == 0 ? _a : _b!;
            while (true)
            {
                var state = Incident.Replay(id, await store.ReadAsync(id, 0, None));
                try
                {
                    await store.AppendAsync(Next(state, new NoteAdded { Actor = "bob", At = T0, Text = $"note {i}", OccurredAt = T0 }), None);
                    Interlocked.Increment(ref kept);
                    return;
                }
                catch (ConcurrencyConflictException)
                {
                    Interlocked.Increment(ref refused);
                }
            }
        }));

        var fromA = await _a.ReadAsync(id, 0, None);
        var fromB = await _b!.ReadAsync(id, 0, None);
        var notes = fromA.Select(e => e.Event).OfType<NoteAdded>().Select(n => n.Text).ToList();
        Assert.Equal(40, kept);
        Assert.Equal(Enumerable.Range(0, 40).Select(i => $"note {i}").Order(), notes.Order());
        Assert.Equal(Enumerable.Range(1, 41).Select(n => (long)n), fromA.Select(e => e.Sequence));
        Assert.Equal(fromA.Select(e => e.EventId), fromB.Select(e => e.EventId));
        Assert.Equal(41, (await _b.ListAsync(true, None)).Single().Version);
    }

    [Fact]
    public async Task One_room_gets_one_open_incident_and_one_delivery_one_answer_across_replicas()
    {
        var room = new RoomAddress("slack", "C0ROOM");
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 20).Select(async i =>
        {
            var store = i % 2 == 0 ? _a! : _b!;
            try
            {
                await store.OpenAsync([new IncidentOpened { Actor = "alice", At = T0, Title = $"try {i}", Room = room }], id => new Delivery("slack:Ev-same", $"opened {id}"), null, None);
                return true;
            }
            catch (ConcurrencyConflictException)
            {
                return false;
            }
        }));

        Assert.Single(outcomes, ok => ok);
        Assert.Single(await _a!.ListAsync(true, None));
        Assert.NotNull(await _b!.FindByRoomAsync(room, None));
        Assert.StartsWith("opened INC-", await _b.FindDeliveryAsync("slack:Ev-same", None), StringComparison.Ordinal);
    }

    private static Append Next(Incident state, IncidentEvent e)
    {
        var recorded = new RecordedEvent(state.Id, state.Version + 1, Guid.NewGuid(), e);
        var before = (state.Version, state.LastEventId);
        state.Apply(recorded);
        return new Append(state.Id, before.Version, before.LastEventId, [recorded], IncidentSummary.Of(state));
    }
}
