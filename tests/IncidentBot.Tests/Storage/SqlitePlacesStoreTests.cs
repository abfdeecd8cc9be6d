using IncidentBot.Tests.Support;
using IncidentBot.Workflows.Chat;

namespace IncidentBot.Tests.Storage;

/// <summary>The SQLite store against the places store contract.</summary>
public sealed class SqlitePlacesStoreTests : PlacesStoreContract, IAsyncLifetime
{
    private readonly SqliteTestStores _stores = new();

    protected override async Task<IPlacesStore> CreateStoreAsync() => await _stores.CreateAsync();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _stores.DisposeAsync().AsTask();
}
