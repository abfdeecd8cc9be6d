using IncidentBot.Tests.Support;
using IncidentBot.Workflows.People;

namespace IncidentBot.Tests.Storage;

/// <summary>The SQLite store against the people store contract.</summary>
public sealed class SqlitePeopleStoreTests : PeopleStoreContract, IAsyncLifetime
{
    private readonly SqliteTestStores _stores = new();

    protected override async Task<IPeopleStore> CreateStoreAsync() => await _stores.CreateAsync();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _stores.DisposeAsync().AsTask();
}
