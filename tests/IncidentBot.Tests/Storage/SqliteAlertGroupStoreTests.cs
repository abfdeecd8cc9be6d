using IncidentBot.Tests.Support;
using IncidentBot.Workflows.Alerts;

namespace IncidentBot.Tests.Storage;

/// <summary>The Sqlite store against the alert group store contract.</summary>
public sealed class SqliteAlertGroupStoreTests : AlertGroupStoreContract, IAsyncLifetime
{
    private readonly SqliteTestStores _stores = new();

    protected override async Task<IAlertGroupStore> CreateStoreAsync() => await _stores.CreateAsync();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _stores.DisposeAsync().AsTask();
}
