using IncidentBot.Tests.Support;
using IncidentBot.Workflows.Outbox;

namespace IncidentBot.Tests.Storage;

/// <summary>The PostgreSQL store, on a real server, against the outbox store contract.</summary>
public sealed class PostgresOutboxStoreTests : OutboxStoreContract, IAsyncLifetime
{
    private readonly PostgresTestStores _stores = new();

    protected override async Task<IOutboxStore> CreateStoreAsync() => await _stores.CreateAsync();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _stores.DisposeAsync().AsTask();
}
