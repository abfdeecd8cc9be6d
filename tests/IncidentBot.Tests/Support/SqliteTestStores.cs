using IncidentBot.Storage;

namespace IncidentBot.Tests.Support;

/// <summary>SQLite stores for a contract test: each one asked for opens the same file of the test's own, as a restarted bot or a second process would.</summary>
internal sealed class SqliteTestStores : IAsyncDisposable
{
    private readonly TempDatabase _database = new();
    private readonly List<SqliteIncidentStore> _stores = [];

    public async Task<SqliteIncidentStore> CreateAsync()
    {
        var store = new SqliteIncidentStore(_database.Path);
        await store.InitializeAsync(CancellationToken.None);
        _stores.Add(store);
        return store;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }

        _database.Dispose();
    }
}
