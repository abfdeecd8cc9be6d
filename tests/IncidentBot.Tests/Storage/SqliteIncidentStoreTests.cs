using IncidentBot.Storage;
using IncidentBot.Tests.Support;
using IncidentBot.Workflows.Incidents;

namespace IncidentBot.Tests.Storage;

public sealed class SqliteIncidentStoreTests : IncidentStoreContract, IAsyncLifetime
{
    private readonly TempDatabase _database = new();
    private readonly List<SqliteIncidentStore> _stores = [];

    protected override async Task<IIncidentStore> CreateStoreAsync()
    {
        var store = new SqliteIncidentStore(_database.Path);
        await store.InitializeAsync(CancellationToken.None);
        _stores.Add(store);
        return store;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }

        _database.Dispose();
    }
}
