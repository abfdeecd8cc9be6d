using IncidentBot.Tests.Support;
using IncidentBot.Workflows.Alerts;

namespace IncidentBot.Tests.Storage;

/// <summary>The Postgres store against the alert group store contract.</summary>
public sealed class PostgresAlertGroupStoreTests : AlertGroupStoreContract, IAsyncLifetime
{
    private readonly PostgresTestStores _stores = new();

    protected override async Task<IAlertGroupStore> CreateStoreAsync() => await _stores.CreateAsync();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _stores.DisposeAsync().AsTask();

    [Fact]
    public async Task A_group_lock_held_by_one_replica_holds_off_another_and_what_it_recorded_is_read_there()
    {
        var a = await _stores.CreateAsync();
        var b = await _stores.CreateAsync();
        var held = await a.LockGroupAsync("g1", CancellationToken.None);
        var waiting = b.LockGroupAsync("g1", CancellationToken.None);
        await a.SaveGroupAsync("g1", new Workflows.Incidents.IncidentId(4), DateTimeOffset.UnixEpoch, CancellationToken.None);
        Assert.False(waiting.IsCompleted, "replica b waits while replica a opens the group's incident");

        await held.DisposeAsync();
        await using (await waiting.WaitAsync(TimeSpan.FromSeconds(10)))
        {
            Assert.Equal(4, (await b.FindGroupAsync("g1", CancellationToken.None))!.Incident.Number);
        }
    }
}
