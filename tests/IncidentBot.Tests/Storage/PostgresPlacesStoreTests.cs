using IncidentBot.Tests.Support;
using IncidentBot.Workflows.Chat;

namespace IncidentBot.Tests.Storage;

/// <summary>The PostgreSQL store, on a real server, against the places store contract.</summary>
public sealed class PostgresPlacesStoreTests : PlacesStoreContract, IAsyncLifetime
{
    private readonly PostgresTestStores _stores = new();

    protected override async Task<IPlacesStore> CreateStoreAsync() => await _stores.CreateAsync();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _stores.DisposeAsync().AsTask();
}
