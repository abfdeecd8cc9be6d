using System.Globalization;
using IncidentBot.Workflows.Chat;
using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Incidents.Events;
using IncidentBot.Workflows.Metrics;
using Microsoft.Data.Sqlite;

namespace IncidentBot.Storage;

/// <summary>
/// The embedded store: one SQLite file in WAL mode. All writes go through one <see cref="SqliteWriter"/>
/// (group commit); reads use pooled connections and never wait for writes. synchronous=NORMAL in WAL
/// mode keeps every committed transaction across a process crash; only a power cut can lose the
/// last few, which is the trade SQLite documents for this mode.
/// </summary>
internal sealed partial class SqliteIncidentStore : IIncidentStore, IAsyncDisposable
{
    private readonly string _connectionString;
    private readonly RoomColumn _rooms = new();
    private SqliteWriter? _writer;
    private WriterStatements? _statements;

    public SqliteIncidentStore(string path, StoreHealth? health = null, int busyTimeoutSeconds = DefaultBusyTimeoutSeconds)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfLessThan(busyTimeoutSeconds, 1);
        Path = System.IO.Path.GetFullPath(path);
        Health = health ?? new StoreHealth();
        BusyTimeoutSeconds = busyTimeoutSeconds;
        _connectionString = ConnectionString(path, busyTimeoutSeconds);
    }

    /// <summary>How long a write waits for a lock another process holds before it is refused (<c>Storage:Sqlite:BusyTimeoutSeconds</c>).</summary>
    public const int DefaultBusyTimeoutSeconds = 10;

    /// <summary>The connection string for the file at <paramref name="path"/>; the reminder scheduler's job store shares it.</summary>
    public static string ConnectionString(string path, int busyTimeoutSeconds = DefaultBusyTimeoutSeconds) => new SqliteConnectionStringBuilder
    {
        DataSource = System.IO.Path.GetFullPath(path),
        Mode = SqliteOpenMode.ReadWriteCreate,
        Cache = SqliteCacheMode.Private,
        Pooling = true,
        DefaultTimeout = busyTimeoutSeconds,
    }.ToString();

    public string Path { get; }

    public StoreHealth Health { get; }

    public int BusyTimeoutSeconds { get; }

    /// <summary>Creates or upgrades the file and starts the writer. Call once before use.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        var connection = await OpenWriterAsync(cancellationToken);
        _statements = new WriterStatements(connection);
        _writer = new SqliteWriter(connection, Path, Health);
    }

    private SqliteWriter Writer => _writer ?? throw new InvalidOperationException("The SQLite store was not initialised.");

    public async Task<IReadOnlyList<RecordedEvent>> OpenAsync(IReadOnlyList<IncidentEvent> events, Func<IncidentId, Delivery>? delivery, Func<Incident, IReadOnlyList<Workflows.Outbox.OutboxMessage>>? outbox, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0 || events[0] is not IncidentOpened opened)
        {
            throw new ArgumentException("An incident's first event is IncidentOpened.", nameof(events));
        }

        return await Writer.WriteAsync(connection =>
        {
            long number;
            try
            {
                number = _statements!.InsertIncident(opened, events.Count);
            }
            catch (SqliteException ex) when (ex.SqliteErrorCode == 19)
            {
                throw new ConcurrencyConflictException($"Room '{opened.Room?.Key}' already has an open incident.", ex);
            }

            var id = new IncidentId(number);
            var recorded = new RecordedEvent[events.Count];
            for (var i = 0; i < events.Count; i++)
            {
                recorded[i] = new RecordedEvent(id, i + 1, Guid.CreateVersion7(), events[i]);
                _statements.InsertEvent(recorded[i]);
            }

            var state = Incident.Replay(id, recorded);
            _statements.UpdateIncident(IncidentSummary.Of(state));
            if (delivery is not null)
            {
                RecordDelivery(delivery(id), id, opened.At);
            }

            foreach (var message in outbox?.Invoke(state) ?? [])
            {
                _statements.InsertOutbox(message, opened.At);
            }

            return (IReadOnlyList<RecordedEvent>)recorded;
        }, cancellationToken);
    }

    public Task AppendAsync(Append append, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(append);
        return Writer.WriteAsync(connection =>
        {
            var (version, lastId) = _statements!.LastEvent(append.Incident);
            if (version != append.ExpectedVersion || lastId != append.ExpectedLastEventId)
            {
                throw new ConcurrencyConflictException(
                    $"{append.Incident} is at event {version}, not at the expected {append.ExpectedVersion}.");
            }

            foreach (var e in append.Events)
            {
                _statements.InsertEvent(e);
            }

            _statements.UpdateIncident(append.Summary);
            if (append.Delivery is { } delivery)
            {
                RecordDelivery(delivery, append.Incident, append.Events[^1].Event.At);
            }

            foreach (var message in append.Outbox)
            {
                _statements.InsertOutbox(message, append.Events[^1].Event.At);
            }

            return true;
        }, cancellationToken);
    }

    private void RecordDelivery(Delivery delivery, IncidentId incident, DateTimeOffset at)
    {
        try
        {
            _statements!.InsertDelivery(delivery, incident, at);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == 19)
        {
            throw new ConcurrencyConflictException($"Delivery '{delivery.Key}' was already answered.", ex);
        }
    }

    public async Task<IReadOnlyList<IncidentStats>> StatsAsync(CancellationToken cancellationToken)
    {
        var stats = new List<IncidentStats>();
        var missing = new List<long>();
        await using (var connection = await OpenReaderAsync(cancellationToken))
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT number, stats FROM incidents ORDER BY number";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                if (StoredStats.Read(reader.IsDBNull(1) ? null : reader.GetString(1)) is { } stored)
                {
                    stats.Add(stored);
                }
                else
                {
                    missing.Add(reader.GetInt64(0));
                }
            }
        }

        await StoredStats.AddRebuiltAsync(stats, missing, this, cancellationToken);
        return stats;
    }

    public async Task<string?> FindDeliveryAsync(string key, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT reply FROM deliveries WHERE key = $key";
        command.Parameters.AddWithValue("$key", key);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    public async Task<IReadOnlyList<RecordedEvent>> ReadAsync(IncidentId incident, long afterSequence, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT seq, event_id, payload FROM events WHERE incident = $incident AND seq > $after ORDER BY seq";
        command.Parameters.AddWithValue("$incident", incident.Number);
        command.Parameters.AddWithValue("$after", afterSequence);
        var events = new List<RecordedEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            events.Add(new RecordedEvent(incident, reader.GetInt64(0), Guid.Parse(reader.GetString(1)), EventJson.Deserialize(reader.GetString(2))));
        }

        return events;
    }

    private const string SummaryColumns = "SELECT number, title, severity, phase, commander, room, opened_at, updated_at, version FROM incidents";

    private IncidentSummary ReadSummary(SqliteDataReader reader) => new(
        new IncidentId(reader.GetInt64(0)),
        reader.GetString(1),
        reader.IsDBNull(2) ? null : (Severity)reader.GetInt32(2),
        Enum.Parse<Phase>(reader.GetString(3), ignoreCase: true),
        reader.IsDBNull(4) ? null : reader.GetString(4),
        reader.IsDBNull(5) ? null : _rooms.Read(reader.GetString(5)),
        DateTimeOffset.Parse(reader.GetString(6), CultureInfo.InvariantCulture),
        DateTimeOffset.Parse(reader.GetString(7), CultureInfo.InvariantCulture),
        reader.GetInt64(8));

    public async Task<IncidentSummary?> FindByRoomAsync(RoomAddress room, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(room);
        await using var connection = await OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = SummaryColumns + " WHERE channel = $room ORDER BY finished, number DESC LIMIT 1";
        command.Parameters.AddWithValue("$room", room.Key);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadSummary(reader) : null;
    }

    private async Task<SqliteConnection> OpenReaderAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_writer is not null)
        {
            await _writer.DisposeAsync();
            _statements?.Dispose();
        }
    }
}
