using IncidentBot.Tests.Support;
using IncidentBot.Workflows.Outbox;

namespace IncidentBot.Tests.Storage;

/// <summary>The SQLite store against the outbox store contract.</summary>
public sealed class SqliteOutboxStoreTests : OutboxStoreContract, IAsyncLifetime
{
    private readonly SqliteTestStores _stores = new();

    protected override async Task<IOutboxStore> CreateStoreAsync() => await _stores.CreateAsync();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _stores.DisposeAsync().AsTask();
}
