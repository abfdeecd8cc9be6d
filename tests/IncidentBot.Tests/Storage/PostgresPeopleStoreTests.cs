using IncidentBot.Tests.Support;
using IncidentBot.Workflows.People;

namespace IncidentBot.Tests.Storage;

/// <summary>The PostgreSQL store, on a real server, against the people store contract.</summary>
public sealed class PostgresPeopleStoreTests : PeopleStoreContract, IAsyncLifetime
{
    private readonly PostgresTestStores _stores = new();

    protected override async Task<IPeopleStore> CreateStoreAsync() => await _stores.CreateAsync();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _stores.DisposeAsync().AsTask();
}
