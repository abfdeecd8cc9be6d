using IncidentBot.Tests.Support;
using IncidentBot.Workflows.Alerts;

namespace IncidentBot.Tests.Storage;

/// <summary>The SQLite store against the heartbeat store contract.</summary>
public sealed class SqliteHeartbeatStoreTests : HeartbeatStoreContract, IAsyncLifetime
{
    private readonly SqliteTestStores _stores = new();

    protected override async Task<IHeartbeatStore> CreateStoreAsync() => await _stores.CreateAsync();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _stores.DisposeAsync().AsTask();
}
