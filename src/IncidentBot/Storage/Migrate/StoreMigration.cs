using System.Globalization;
using System.Text.RegularExpressions;
using IncidentBot.Storage.Postgres;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace IncidentBot.Storage.Migrate;

/// <summary>
/// <c>migrate-store --to postgres [--from &lt;file&gt;]</c>: copies the SQLite store into an empty
/// PostgreSQL database (<c>ConnectionStrings__Postgres</c>). The target's schema is created or
/// upgraded first; then every table is copied in one PostgreSQL transaction, which commits only when
/// each table's row count and the event log's hash are the same on both sides: the target ends with
/// all of the store or none of it. A target that already holds rows is refused, untouched. Stop the
/// bot first: the copy is of one consistent snapshot, and what the bot writes after it is not in it.
/// </summary>
public static partial class StoreMigration
{
    private const string Usage = "usage: migrate-store --to postgres [--from <sqlite file>]   (copies the store into the empty database at ConnectionStrings__Postgres; stop the bot first)";

    public static Task<int> RunAsync(IReadOnlyList<string> args, string store, string? connectionString, TimeProvider time, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        string? to = null;
        var from = store;
        for (var i = 0; i < args.Count; i += 2)
        {
            switch (args[i])
            {
                case "--to" when i + 1 < args.Count:
                    to = args[i + 1];
                    break;
                case "--from" when i + 1 < args.Count:
                    from = args[i + 1];
                    break;
                default:
                    output.WriteLine(Usage);
                    return Task.FromResult(2);
            }
        }

        if (!string.Equals(to, "postgres", StringComparison.OrdinalIgnoreCase))
        {
            output.WriteLine(Usage);
            return Task.FromResult(2);
        }

        return MigrateAsync(from, connectionString, time, output, cancellationToken);
    }

    public static async Task<int> MigrateAsync(string source, string? connectionString, TimeProvider time, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(output);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            output.WriteLine("migrate-store: set ConnectionStrings__Postgres to the empty target database (e.g. Host=db;Username=incidentbot;Password=...;Database=incidentbot); nothing was copied.");
            return 2;
        }

        if (!File.Exists(source))
        {
            output.WriteLine($"migrate-store: there is no store at {Path.GetFullPath(source)} (Storage__Sqlite__Path, or --from <file>); nothing to copy.");
            return 2;
        }

        NpgsqlDataSource target;
        try
        {
            target = NpgsqlDataSource.Create(connectionString);
        }
        catch (ArgumentException ex)
        {
            output.WriteLine($"migrate-store: ConnectionStrings__Postgres is not a connection string ({Masked(ex.Message)}); nothing was copied.");
            return 2;
        }

        var started = time.GetTimestamp();
        var where = Masked(connectionString);
        var step = "connecting";
        await using (target)
        {
            var (sqlite, problem) = await OpenSourceAsync(source, cancellationToken);
            if (sqlite is null)
            {
                output.WriteLine($"migrate-store: {Path.GetFullPath(source)} cannot be copied: {problem}. Nothing was written.");
                return 2;
            }

            await using var snapshot = sqlite;
            try
            {
                var result = await CopyAsync(sqlite, target, where, s => step = s, cancellationToken);
                if (result.Problem is { } refused)
                {
                    output.WriteLine($"migrate-store: {refused}.");
                    return 1;
                }

                WriteSummary(output, Path.GetFullPath(source), where, result, time.GetElapsedTime(started));
                return 0;
            }
            catch (Exception ex) when (ex is NpgsqlException or SqliteException or InvalidDataException or InvalidOperationException)
            {
                // The command's boundary: whatever failed, the transaction was not committed.
                output.WriteLine($"migrate-store: failed while {step}: {Masked(ex.Message).TrimEnd('.')}; nothing was copied into {where}.");
                return 1;
            }
        }
    }

    /// <summary>The SQLite store's snapshot, or why it cannot be copied (not a database, not IncidentBot's, another schema version).</summary>
    private static async Task<(SqliteSource? Source, string? Problem)> OpenSourceAsync(string path, CancellationToken cancellationToken)
    {
        SqliteSource? source = null;
        try
        {
            source = await SqliteSource.OpenAsync(path, cancellationToken);
            if (await source.ProblemAsync(cancellationToken) is not { } problem)
            {
                return (source, null);
            }

            await source.DisposeAsync();
            return (null, problem);
        }
        catch (SqliteException ex)
        {
            if (source is not null)
            {
                await source.DisposeAsync();
            }

            return (null, $"it is not an IncidentBot store ({ex.Message.TrimEnd('.')})");
        }
    }

    private static async Task<MigrationResult> CopyAsync(SqliteSource sqlite, NpgsqlDataSource target, string where, Action<string> step, CancellationToken cancellationToken)
    {
        await using var connection = await target.OpenConnectionAsync(cancellationToken);
        // Checked before the schema is touched, so a refused target is left exactly as it was.
        if (await PostgresTarget.FirstNonEmptyAsync(connection, cancellationToken) is { } full)
        {
            return MigrationResult.Refused(NonEmpty(full, where));
        }

        step("creating or upgrading the PostgreSQL schema");
        await PostgresMigrations.MigrateAsync(target, cancellationToken);
        if (await PostgresTarget.ColumnProblemAsync(connection, cancellationToken) is { } mismatch)
        {
            return MigrationResult.Refused($"the schema at {where} does not match: {mismatch}; nothing was copied");
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await PostgresTarget.LockAsync(connection, cancellationToken);
        if (await PostgresTarget.FirstNonEmptyAsync(connection, cancellationToken) is { } since)
        {
            return MigrationResult.Refused(NonEmpty(since, where));
        }

        var rows = new List<(string Table, long Rows, string? Next)>();
        foreach (var table in MigratedTables.All)
        {
            step($"copying {table.Name}");
            var expected = await sqlite.CountAsync(table, cancellationToken);
            await PostgresTarget.CopyAsync(connection, sqlite, table, cancellationToken);
            string? next = null;
            if (table.Identity is not null)
            {
                var highest = await sqlite.HighestIdentityAsync(table, cancellationToken);
                await PostgresTarget.ContinueIdentityAfterAsync(connection, table, highest, cancellationToken);
                next = $"next {table.Identity} {highest + 1}";
            }

            // Counted back from PostgreSQL, not taken from what COPY reported.
            if (await PostgresTarget.CountAsync(connection, table, cancellationToken) is var copied && copied != expected)
            {
                return MigrationResult.Refused($"the copy differs: {table.Name} has {expected} rows in SQLite and {copied} in PostgreSQL; rolled back, nothing was copied into {where}");
            }

            rows.Add((table.Name, expected, next));
        }

        step("verifying the event log");
        var sourceHash = await EventLogHash.OfSqliteAsync(sqlite, cancellationToken);
        var targetHash = await EventLogHash.OfPostgresAsync(connection, cancellationToken);
        if (EventLogHash.Difference(sourceHash, targetHash) is { } difference)
        {
            return MigrationResult.Refused($"the copy differs: {difference}; rolled back, nothing was copied into {where}");
        }

        step("committing");
        await transaction.CommitAsync(cancellationToken);
        return new MigrationResult(rows, sourceHash.Hash, null);
    }

    private static string NonEmpty((string Table, long Rows) full, string where) =>
        $"refuses to overwrite a non-empty target: {full.Table} at {where} already holds {full.Rows} row{(full.Rows == 1 ? "" : "s")}; nothing was written (point ConnectionStrings__Postgres at an empty database)";

    private static void WriteSummary(TextWriter output, string source, string where, MigrationResult result, TimeSpan took)
    {
        output.WriteLine($"Copied {source} into PostgreSQL ({where}) in {took.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)} s, verified:");
        foreach (var (table, rows, next) in result.Tables)
        {
            output.WriteLine($"  {table,-18}{rows,8}{(next is { } n ? $"   ({n})" : "")}");
        }

        output.WriteLine($"  events hash {result.EventsHash} (the same in SQLite and PostgreSQL)");
        output.WriteLine($"Next: stop using the SQLite file (keep it as a backup) and start the bot with Storage__Provider=Postgres and ConnectionStrings__Postgres=\"{where}\".");
    }

    /// <summary>Text with any password in it replaced by <c>***</c>, for printing.</summary>
    public static string Masked(string text) => PasswordSetting().Replace(text ?? "", "$1=***");

    [GeneratedRegex("""(?i)\b(password|pwd)\s*=\s*("[^"]*"|'[^']*'|[^;]*)""")]
    private static partial Regex PasswordSetting();

    private sealed record MigrationResult(IReadOnlyList<(string Table, long Rows, string? Next)> Tables, string EventsHash, string? Problem)
    {
        public static MigrationResult Refused(string problem) => new([], "", problem);
    }
}
