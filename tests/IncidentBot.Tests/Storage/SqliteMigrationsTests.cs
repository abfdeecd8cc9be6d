using IncidentBot.Storage;
using IncidentBot.Tests.Support;
using IncidentBot.Workflows.Incidents;
using Microsoft.Data.Sqlite;

namespace IncidentBot.Tests.Storage;

public sealed class SqliteMigrationsTests : IDisposable
{
    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task OldFile_IsUpgradedInPlace_AndKeepsItsIncidents()
    {
        await using (var connection = new SqliteConnection($"Data Source={_database.Path}"))
        {
            await connection.OpenAsync();
            await SqliteMigrations.MigrateAsync(connection, 1, CancellationToken.None);
            await using var insert = connection.CreateCommand();
            insert.CommandText = """
                INSERT INTO incidents (title, phase, opened_at, updated_at, version) VALUES ('from v1', 'detected', '2026-01-01T00:00:00.0000000+00:00', '2026-01-01T00:00:00.0000000+00:00', 1);
                INSERT INTO events VALUES (1, 1, '0194a1b2-0000-7000-8000-000000000001', 'opened', 'alice', '2026-01-01T00:00:00.0000000+00:00',
                  '{"type":"opened","title":"from v1","source":"person","actor":"alice","at":"2026-01-01T00:00:00+00:00"}');
                """;
            await insert.ExecuteNonQueryAsync();
            Assert.Equal(1, await SqliteMigrations.ReadVersionAsync(connection, CancellationToken.None));
        }

        await using var store = new SqliteIncidentStore(_database.Path);
        await store.InitializeAsync(CancellationToken.None);

        var events = await store.ReadAsync(new IncidentId(1), 0, CancellationToken.None);
        Assert.Equal("from v1", Incident.Replay(new IncidentId(1), events).Title);
        Assert.Equal(1, Assert.Single(await store.StatsAsync(CancellationToken.None)).Number);
        var next = await store.OpenAsync([new Workflows.Incidents.Events.IncidentOpened { Actor = "bob", At = DateTimeOffset.UnixEpoch, Title = "after upgrade" }], null, null, CancellationToken.None);
        Assert.Equal(2, next[0].Incident.Number);
        await using var check = new SqliteConnection($"Data Source={_database.Path}");
        await check.OpenAsync();
        Assert.Equal(SqliteMigrations.Latest, await SqliteMigrations.ReadVersionAsync(check, CancellationToken.None));
    }

    [Fact]
    public async Task FileFromANewerBuild_IsRefusedWithAClearMessage()
    {
        await using (var connection = new SqliteConnection($"Data Source={_database.Path}"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = $"PRAGMA user_version = {SqliteMigrations.Latest + 1}";
            await command.ExecuteNonQueryAsync();
        }

        await using var store = new SqliteIncidentStore(_database.Path);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => store.InitializeAsync(CancellationToken.None));
        Assert.Contains("newer than this IncidentBot knows", error.Message, StringComparison.Ordinal);
    }
}
