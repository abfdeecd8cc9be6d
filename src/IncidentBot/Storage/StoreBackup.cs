using Microsoft.Data.Sqlite;

namespace IncidentBot.Storage;

/// <summary>
/// <c>backup &lt;file&gt;</c> and <c>restore &lt;file&gt; [--force]</c> for the SQLite store. A backup is
/// an online, consistent copy (SQLite's <c>VACUUM INTO</c>), safe while the bot runs. A restore copies a
/// backup over the store through SQLite's backup API, after checking it is an IncidentBot store; it
/// refuses to overwrite a store that holds incidents unless told <c>--force</c>. Stop the bot first.
/// </summary>
public static class StoreBackup
{
    public static async Task<int> BackupAsync(string store, string? file, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (string.IsNullOrWhiteSpace(file))
        {
            output.WriteLine("usage: backup <file>   (an online copy of the store, safe while the bot runs)");
            return 2;
        }

        var target = Path.GetFullPath(file);
        if (!File.Exists(store))
        {
            output.WriteLine($"backup: there is no store at {Path.GetFullPath(store)} (Storage__Sqlite__Path); nothing to copy.");
            return 2;
        }

        if (File.Exists(target))
        {
            output.WriteLine($"backup: {target} exists already; name a new file (a backup never overwrites one).");
            return 2;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        await using var connection = Open(store, SqliteOpenMode.ReadOnly);
        await connection.OpenAsync(cancellationToken);
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "VACUUM INTO $file";
            command.Parameters.AddWithValue("$file", target);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        var (incidents, events) = await CountAsync(target, cancellationToken);
        output.WriteLine($"Backed up {incidents} incidents ({events} events) to {target}.");
        return 0;
    }

    public static async Task<int> RestoreAsync(string store, string? file, bool force, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (string.IsNullOrWhiteSpace(file) || !File.Exists(file))
        {
            output.WriteLine($"restore: {(string.IsNullOrWhiteSpace(file) ? "name the backup file" : $"{Path.GetFullPath(file)} does not exist")}. usage: restore <file> [--force]   (stop the bot first)");
            return 2;
        }

        (long Incidents, long Events) backup;
        try
        {
            backup = await CountAsync(file, cancellationToken);
        }
        catch (SqliteException ex)
        {
            output.WriteLine($"restore: {Path.GetFullPath(file)} is not an IncidentBot store ({ex.Message}); nothing was changed.");
            return 2;
        }

        if (File.Exists(store) && !force && (await CountAsync(store, cancellationToken)).Incidents > 0)
        {
            output.WriteLine($"restore: the store at {Path.GetFullPath(store)} holds incidents; restoring would replace them. Back it up first, then run restore {file} --force. Nothing was changed.");
            return 2;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(store))!);
        await using (var source = Open(file, SqliteOpenMode.ReadOnly))
        await using (var destination = Open(store, SqliteOpenMode.ReadWriteCreate))
        {
            await source.OpenAsync(cancellationToken);
            await destination.OpenAsync(cancellationToken);
            source.BackupDatabase(destination);
        }

        output.WriteLine($"Restored {backup.Incidents} incidents ({backup.Events} events) from {Path.GetFullPath(file)} into {Path.GetFullPath(store)}.");
        return 0;
    }

    private static async Task<(long Incidents, long Events)> CountAsync(string file, CancellationToken cancellationToken)
    {
        await using var connection = Open(file, SqliteOpenMode.ReadOnly);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT (SELECT count(*) FROM incidents), (SELECT count(*) FROM events)";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    private static SqliteConnection Open(string file, SqliteOpenMode mode) =>
        new(new SqliteConnectionStringBuilder { DataSource = file, Mode = mode, Pooling = false }.ToString());
}
