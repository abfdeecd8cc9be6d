using IncidentBot.Workflows.Alerts;
using IncidentBot.Workflows.Incidents;
using Npgsql;

namespace IncidentBot.Storage.Postgres;

/// <summary>
/// Alert groups, shared by the replicas: one row per group, and a group's lock is a PostgreSQL
/// transaction advisory lock held on a connection of its own, so it excludes every replica and is let
/// go when its transaction ends, or by the server if the replica holding it dies.
/// </summary>
internal sealed partial class PostgresIncidentStore : IAlertGroupStore
{
    public async Task<AlertGroupState?> FindGroupAsync(string key, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, "SELECT incident, last_seen FROM alert_groups WHERE key = $1", key);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new AlertGroupState(new IncidentId(reader.GetInt64(0)), reader.GetFieldValue<DateTimeOffset>(1))
            : null;
    }

    public async Task SaveGroupAsync(string key, IncidentId incident, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await ExecuteAsync(connection,
            """
            INSERT INTO alert_groups (key, incident, last_seen) VALUES ($1, $2, $3)
            ON CONFLICT (key) DO UPDATE SET
                last_seen = CASE WHEN excluded.incident > alert_groups.incident THEN excluded.last_seen ELSE greatest(alert_groups.last_seen, excluded.last_seen) END,
                incident = excluded.incident
            WHERE excluded.incident >= alert_groups.incident
            """,
            [key, incident.Number, at.ToUniversalTime()], cancellationToken);
    }

    public async Task<IAsyncDisposable> LockGroupAsync(string key, CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(cancellationToken);
        try
        {
            // A transaction's lock: let go when the transaction ends, however it ends (a connection
            // handed back to the pool with its transaction open is rolled back), never left behind.
            var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await ExecuteAsync(connection, "SELECT pg_advisory_xact_lock(hashtextextended('alert-group:' || $1, 0))", [key], cancellationToken);
            return new GroupLock(connection, transaction);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private sealed class GroupLock(NpgsqlConnection connection, NpgsqlTransaction transaction) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await transaction.RollbackAsync(CancellationToken.None);
            }
            catch (NpgsqlException)
            {
                // The connection is broken: the server let the lock go with it.
            }
            finally
            {
                await transaction.DisposeAsync();
                await connection.DisposeAsync();
            }
        }
    }
}
