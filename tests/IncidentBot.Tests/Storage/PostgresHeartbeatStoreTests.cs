using IncidentBot.Tests.Support;
using IncidentBot.Workflows.Alerts;

namespace IncidentBot.Tests.Storage;

/// <summary>The PostgreSQL store, on a real server, against the heartbeat store contract.</summary>
public sealed class PostgresHeartbeatStoreTests : HeartbeatStoreContract, IAsyncLifetime
{
    private readonly PostgresTestStores _stores = new();

    protected override async Task<IHeartbeatStore> CreateStoreAsync() => await _stores.CreateAsync();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _stores.DisposeAsync().AsTask();
}
