using Npgsql;

namespace IncidentBot.Tests.Support;

/// <summary>
/// A database of this test's own on the PostgreSQL server named by <c>ConnectionStrings__Postgres</c>
/// (<c>.ci/run</c> starts a private cluster and sets it), dropped afterwards. Without a server the
/// test fails and says how to start one; it is never skipped.
/// </summary>
internal sealed class TempPostgresDatabase : IAsyncDisposable
{
    private readonly string _admin;

    private TempPostgresDatabase(string admin, string name)
    {
        _admin = admin;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(admin) { Database = name, MaxPoolSize = 100 }.ConnectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    public static string Server =>
        Environment.GetEnvironmentVariable("ConnectionStrings__Postgres") is { Length: > 0 } server
            ? server
            : throw new InvalidOperationException(
                "The PostgreSQL tests need a server and ConnectionStrings__Postgres is not set. Start a private one with "
                + "`eval \"$(bash .ci/postgres.sh start)\"` from the repository (what .ci/run does), or point ConnectionStrings__Postgres at yours.");

    public static async Task<TempPostgresDatabase> CreateAsync()
    {
        var admin = Server;
        var name = "incidentbot_test_" + Guid.NewGuid().ToString("N")[..12];
        await using var connection = new NpgsqlConnection(admin);
        try
        {
            await connection.OpenAsync();
        }
        catch (NpgsqlException ex)
        {
            throw new InvalidOperationException($"No PostgreSQL answers at '{admin}' ({ex.Message}). Start one with `eval \"$(bash .ci/postgres.sh start)\"`.", ex);
        }

        await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await create.ExecuteNonQueryAsync();
        return new TempPostgresDatabase(admin, name);
    }

    public NpgsqlDataSource DataSource() => NpgsqlDataSource.Create(ConnectionString);

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_admin);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
