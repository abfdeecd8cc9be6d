using IncidentBot.Storage.Postgres;
using IncidentBot.Tests.Support;
using IncidentBot.Workflows.Chat;
using IncidentBot.Workflows.Commands;
using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Incidents.Events;
using IncidentBot.WarRoom;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace IncidentBot.Tests.Storage;

/// <summary>
/// The room-to-incident answers a PostgreSQL replica remembers: forgotten at once when a commit here
/// opens an incident in a room or moves one, and when another replica's relayed notice says it did.
/// The stores' clock is frozen, so no answer ever expires on its own: only forgetting can change it.
/// </summary>
public sealed class PostgresRoomCacheTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly RoomAddress Ops = new("slack", "C0OPS");
    private readonly FakeTimeProvider _frozen = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly PostgresTestStores _stores = new();
    private PostgresIncidentStore? _a;
    private PostgresIncidentStore? _b;

    public async Task InitializeAsync()
    {
        _a = await _stores.CreateAsync(new ReplicaOptions("a", ReplicaOptions.DefaultLease, _frozen));
        _b = await _stores.CreateAsync(new ReplicaOptions("b", ReplicaOptions.DefaultLease, _frozen));
    }

    public async Task DisposeAsync() => await _stores.DisposeAsync();

    private async Task<IncidentId> OpenAsync(PostgresIncidentStore store, RoomAddress? room) =>
        (await store.OpenAsync([new IncidentOpened { Actor = "alice", At = _frozen.GetUtcNow(), Title = "db down", Room = room }], null, null, None))[0].Incident;

    [Fact]
    public async Task An_incident_opened_or_moved_here_is_found_in_its_room_at_once()
    {
        Assert.Null(await _a!.FindIdByRoomAsync(Ops, None)); // remembered: nobody there

        var first = await OpenAsync(_a, Ops);
        Assert.Equal(first, await _a.FindIdByRoomAsync(Ops, None));

        // Started in the web room, then given a war room: the web room no longer leads there.
        var web = RoomAddress.Local("web");
        var second = await OpenAsync(_a, web);
        var warRoom = new RoomAddress("slack", "C0WAR");
        Assert.Equal(second, await _a.FindIdByRoomAsync(web, None));
        Assert.Null(await _a.FindIdByRoomAsync(warRoom, None));
        var dispatcher = new CommandDispatcher(_a, _frozen, TimeZoneInfo.Utc, []);
        await dispatcher.RecordAsync(second, null, _ => Decision.Record(IncidentDecider.Aside(""), new WarRoomOpened { Actor = "incidentbot", At = _frozen.GetUtcNow(), Room = warRoom, Name = "inc-0002" }), None);

        Assert.Equal(second, await _a.FindIdByRoomAsync(warRoom, None));
        Assert.Null(await _a.FindIdByRoomAsync(web, None));
    }

    [Fact]
    public async Task An_incident_opened_through_another_replica_is_found_once_its_notice_arrives()
    {
        using var relayA = Relay(_a!);
        using var relayB = Relay(_b!);
        await relayA.StartAsync(None);
        await relayB.StartAsync(None);
        try
        {
            Assert.Null(await _a!.FindIdByRoomAsync(Ops, None));
            var opened = await OpenAsync(_b!, Ops);

            await Eventually.HoldsAsync(async () => await _a.FindIdByRoomAsync(Ops, None) == opened, "replica A hears that INC-0001 was opened in C0OPS");
        }
        finally
        {
            await relayB.StopAsync(None);
            await relayA.StopAsync(None);
        }
    }

    /// <summary>The relay runs on the real clock (it gathers notices for a few ms); only the stores' memory is frozen.</summary>
    private static PostgresChangeRelay Relay(PostgresIncidentStore store) =>
        new(store, new ChangeFeed(TimeProvider.System), [], TimeProvider.System, NullLogger<PostgresChangeRelay>.Instance);
}
