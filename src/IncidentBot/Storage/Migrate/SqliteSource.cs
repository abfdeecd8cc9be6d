using Microsoft.Data.Sqlite;

namespace IncidentBot.Storage.Migrate;

/// <summary>
/// The SQLite store being migrated, opened read-only in one read transaction: every count, row and
/// hash comes from the same snapshot, even if a bot were still writing to the file.
/// </summary>
internal sealed class SqliteSource : IAsyncDisposable
{
    private readonly SqliteConnection _connection;

    private SqliteSource(SqliteConnection connection) => _connection = connection;

    public static async Task<SqliteSource> OpenAsync(string path, CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        try
        {
            await connection.OpenAsync(cancellationToken);
            // Deferred: the snapshot is taken by the first read and kept until the connection closes.
            await ScalarAsync(connection, "BEGIN", cancellationToken);
            return new SqliteSource(connection);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Why this file cannot be copied as it is (not IncidentBot's, another schema version, a table the migration does not know); null when it can.</summary>
    public async Task<string?> ProblemAsync(CancellationToken cancellationToken)
    {
        var version = Convert.ToInt32(await ScalarAsync(_connection, "PRAGMA user_version", cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        if (version == 0)
        {
            return "it is not an IncidentBot store (no schema version)";
        }

        if (version != SqliteMigrations.Latest)
        {
            return version > SqliteMigrations.Latest
                ? $"it is at schema version {version}, newer than this build's {SqliteMigrations.Latest}: run migrate-store from a newer IncidentBot"
                : $"it is at schema version {version}, this build copies version {SqliteMigrations.Latest}: start this build's bot on it once (it upgrades the file in place), stop it, then migrate";
        }

        foreach (var table in await NamesAsync("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name", cancellationToken))
        {
            if (MigratedTables.IsNotCopied(table))
            {
                continue;
            }

            if (MigratedTables.All.FirstOrDefault(t => t.Name == table) is not { } known)
            {
                return $"it has a table '{table}' that migrate-store does not know (add it to Storage/Migrate/MigratedTables.cs)";
            }

            var columns = (await NamesAsync($"SELECT name FROM pragma_table_info('{table}')", cancellationToken)).Order(StringComparer.Ordinal).ToList();
            var expected = known.Columns.Select(c => c.Name).Order(StringComparer.Ordinal).ToList();
            if (!columns.SequenceEqual(expected, StringComparer.Ordinal))
            {
                return $"its table '{table}' has columns ({string.Join(", ", columns)}), not the ({string.Join(", ", expected)}) migrate-store copies";
            }
        }

        return null;
    }

    public async Task<long> CountAsync(MigratedTable table, CancellationToken cancellationToken) =>
        (long)(await ScalarAsync(_connection, $"SELECT count(*) FROM \"{table.Name}\"", cancellationToken))!;

    /// <summary>
    /// The highest number the table's identity ever gave: AUTOINCREMENT keeps it in sqlite_sequence even
    /// after those rows are gone (a delivered outbox message is deleted, but its id is in a Slack post's
    /// metadata), so PostgreSQL must go on after it, not after the highest row left.
    /// </summary>
    public async Task<long> HighestIdentityAsync(MigratedTable table, CancellationToken cancellationToken)
    {
        var highest = await ScalarAsync(_connection, $"SELECT max(\"{table.Identity}\") FROM \"{table.Name}\"", cancellationToken) as long? ?? 0;
        await using var command = _connection.CreateCommand();
        command.CommandText = "SELECT seq FROM sqlite_sequence WHERE name = $name";
        command.Parameters.AddWithValue("$name", table.Name);
        return Math.Max(highest, await command.ExecuteScalarAsync(cancellationToken) as long? ?? 0);
    }

    /// <summary>Hands each of the table's rows, in its order and converted for PostgreSQL, to <paramref name="row"/> (the array is reused).</summary>
    public async Task ReadAsync(MigratedTable table, Func<object?[], Task> row, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(row);
        await using var command = _connection.CreateCommand();
        command.CommandText = $"SELECT {table.ColumnList} FROM \"{table.Name}\" ORDER BY {table.OrderBy}";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var values = new object?[table.Columns.Count];
        while (await reader.ReadAsync(cancellationToken))
        {
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = table.Columns[i].Read(reader, table.Name, i);
            }

            await row(values);
        }
    }

    private async Task<List<string>> NamesAsync(string sql, CancellationToken cancellationToken)
    {
        await using var command = _connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var names = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(cancellationToken);
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
