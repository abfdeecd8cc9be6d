using IncidentBot.Storage.Postgres;
using IncidentBot.Tests.Support;
using IncidentBot.Workflows.Incidents;

namespace IncidentBot.Tests.Storage;

/// <summary>The PostgreSQL store against the same contract as SQLite's, on a real server.</summary>
public sealed class PostgresIncidentStoreTests : IncidentStoreContract, IAsyncLifetime
{
    private readonly List<PostgresIncidentStore> _stores = [];
    private TempPostgresDatabase? _database;

    protected override async Task<IIncidentStore> CreateStoreAsync()
    {
        var store = new PostgresIncidentStore(_database!.DataSource());
        await store.InitializeAsync(CancellationToken.None);
        _stores.Add(store);
        return store;
    }

    public async Task InitializeAsync() => _database = await TempPostgresDatabase.CreateAsync();

    public async Task DisposeAsync()
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
