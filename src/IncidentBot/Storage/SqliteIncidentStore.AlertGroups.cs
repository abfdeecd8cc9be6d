using System.Collections.Concurrent;
using System.Globalization;
using IncidentBot.Workflows.Alerts;
using IncidentBot.Workflows.Incidents;

namespace IncidentBot.Storage;

/// <summary>Alert groups. One process uses a SQLite file, so a group's lock is this store's own.</summary>
internal sealed partial class SqliteIncidentStore : IAlertGroupStore
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _groupLocks = new(StringComparer.Ordinal);

    public async Task<AlertGroupState?> FindGroupAsync(string key, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT incident, last_seen FROM alert_groups WHERE key = $key";
        command.Parameters.AddWithValue("$key", key);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new AlertGroupState(new IncidentId(reader.GetInt64(0)), DateTimeOffset.Parse(reader.GetString(1), CultureInfo.InvariantCulture))
            : null;
    }

    public Task SaveGroupAsync(string key, IncidentId incident, DateTimeOffset at, CancellationToken cancellationToken) =>
        Writer.WriteAsync(connection => Execute(connection,
            """
            INSERT INTO alert_groups (key, incident, last_seen) VALUES ($key, $incident, $at)
            ON CONFLICT (key) DO UPDATE SET
                last_seen = CASE WHEN excluded.incident > incident THEN excluded.last_seen ELSE max(last_seen, excluded.last_seen) END,
                incident = excluded.incident
            WHERE excluded.incident >= incident
            """,
            ("$key", key), ("$incident", incident.Number), ("$at", WriterStatements.Time(at))), cancellationToken);

    public async Task<IAsyncDisposable> LockGroupAsync(string key, CancellationToken cancellationToken)
    {
        var gate = _groupLocks.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        return new Held(gate);
    }

    private sealed class Held(SemaphoreSlim gate) : IAsyncDisposable
    {
        private int _released;

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release();
            }

            return ValueTask.CompletedTask;
        }
    }
}
