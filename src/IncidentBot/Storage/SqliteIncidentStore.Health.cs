using IncidentBot.Workflows.Incidents;
using Microsoft.Data.Sqlite;

namespace IncidentBot.Storage;

/// <summary>Opening the file and telling whether it can be written: a fault has one clear sentence, and clears by itself.</summary>
internal sealed partial class SqliteIncidentStore
{
    /// <summary>
    /// Opens the writer's connection and brings the schema up to date. A file that is not a database,
    /// or is another program's database, is refused with what it is and what to do, before anything is written.
    /// </summary>
    private async Task<SqliteConnection> OpenWriterAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
            await connection.OpenAsync(cancellationToken);
            // busy_timeout: when the reminder scheduler's job store holds the write lock, SQLite itself waits
            // in steps of a few milliseconds. Without it Microsoft.Data.Sqlite retries after 150 ms sleeps,
            // which were the 150 ms outliers of every load run.
            await ExecuteAsync(connection, $"PRAGMA busy_timeout = {BusyTimeoutSeconds * 1000}; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;", cancellationToken);
            await RefuseForeignAsync(connection, cancellationToken);
            await SqliteMigrations.MigrateAsync(connection, null, cancellationToken);
            return connection;
        }
        catch (Exception ex) when (ex is SqliteException or UnauthorizedAccessException or IOException)
        {
            // Not back into the pool: a connection opened on the wrong file (or read-only) would be handed
            // to the next open of the same path, after someone has fixed it.
            SqliteConnection.ClearPool(connection);
            await connection.DisposeAsync();
            throw SqliteFaults.Translate(ex, Path) as StoreUnavailableException
                ?? new StoreUnavailableException(StoreFault.DiskError, Path, ex.Message, ex);
        }
    }

    /// <summary>A database at schema version 0 that already has tables is someone else's: the bot does not write into it.</summary>
    private async Task RefuseForeignAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        if (await SqliteMigrations.ReadVersionAsync(connection, cancellationToken) > 0)
        {
            return;
        }

        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'qrtz_%' ORDER BY name LIMIT 5";
        var tables = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                tables.Add(reader.GetString(0));
            }
        }

        if (tables.Count > 0)
        {
            throw new StoreUnavailableException(StoreFault.Damaged, Path, $"it is another program's SQLite database (tables {string.Join(", ", tables)})");
        }
    }

    public async Task<bool> IsReadyAsync(CancellationToken cancellationToken)
    {
        if (_writer is null)
        {
            return false;
        }

        try
        {
            await using var connection = await OpenReaderAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM sqlite_master WHERE name = 'events'";
            return await command.ExecuteScalarAsync(cancellationToken) is 1L;
        }
        catch (SqliteException)
        {
            return false;
        }
    }

    /// <summary>
    /// Null while writes work. After a write failed for a reason outside the bot, a small probe write
    /// tells whether the fault has cleared (and, when it has, writes work again for everyone).
    /// </summary>
    public async Task<StoreUnavailableException?> WriteProblemAsync(CancellationToken cancellationToken)
    {
        if (Health.Fault is null)
        {
            return null;
        }

        try
        {
            await Writer.WriteAsync(connection => Execute(connection, "INSERT INTO store_probe (id, at) VALUES (1, $at) ON CONFLICT (id) DO UPDATE SET at = excluded.at",
                ("$at", DateTimeOffset.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture))), cancellationToken);
            return null;
        }
        catch (StoreUnavailableException fault)
        {
            return fault;
        }
    }

    public Task<int> PruneDeliveriesAsync(DateTimeOffset before, CancellationToken cancellationToken) =>
        Writer.WriteAsync(connection => Execute(connection, "DELETE FROM deliveries WHERE at < $before", ("$before", WriterStatements.Time(before))), cancellationToken);
}
