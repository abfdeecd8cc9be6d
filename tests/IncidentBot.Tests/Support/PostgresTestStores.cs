using IncidentBot.Storage.Postgres;

namespace IncidentBot.Tests.Support;

/// <summary>
/// PostgreSQL stores for a contract test: each one asked for has its own connection pool on the same
/// database of the test's own (made on the first), as a restarted bot or a second replica would.
/// </summary>
internal sealed class PostgresTestStores : IAsyncDisposable
{
    private readonly List<PostgresIncidentStore> _stores = [];
    private TempPostgresDatabase? _database;

    public async Task<PostgresIncidentStore> CreateAsync(ReplicaOptions? replica = null)
    {
        _database ??= await TempPostgresDatabase.CreateAsync();
        var store = new PostgresIncidentStore(_database.DataSource(), replica);
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

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
