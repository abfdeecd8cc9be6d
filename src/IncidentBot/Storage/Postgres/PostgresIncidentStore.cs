using IncidentBot.Workflows.Chat;
using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Incidents.Events;
using Npgsql;

namespace IncidentBot.Storage.Postgres;

/// <summary>
/// The event store on a shared PostgreSQL, for several replicas: each write is one transaction that
/// locks the incident's row, so two replicas appending to one incident are serialised by the database
/// and the one that read an older version is refused (<see cref="ConcurrencyConflictException"/>), as
/// the SQLite store refuses it. A room's one open incident and a delivery's one answer are unique
/// indexes, so they hold across replicas too.
/// </summary>
internal sealed partial class PostgresIncidentStore(NpgsqlDataSource source, ReplicaOptions? replica = null) : IIncidentStore, IAsyncDisposable
{
    private const string UniqueViolation = "23505";
    private readonly RoomColumn _rooms = new();

    public NpgsqlDataSource Source { get; } = source;

    /// <summary>This replica's name in leases, how long a lease lasts, and the clock leases are read by.</summary>
    public ReplicaOptions Replica { get; } = replica ?? ReplicaOptions.Default();

    /// <summary>Where the database is, for messages: server, port and database, never the password.</summary>
    public string Where
    {
        get
        {
            var settings = new NpgsqlConnectionStringBuilder(Source.ConnectionString);
            return $"PostgreSQL {settings.Host}:{settings.Port}/{settings.Database}";
        }
    }

    /// <summary>A connection from the pool; a server that does not answer is the store being unavailable, said as such.</summary>
    private async ValueTask<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await Source.OpenConnectionAsync(cancellationToken);
        }
        catch (NpgsqlException ex)
        {
            throw new StoreUnavailableException(StoreFault.Unreachable, Where, ex.Message, ex);
        }
    }

    /// <summary>Creates or upgrades the schema. Call once before use; replicas may call it together.</summary>
    public Task<int> InitializeAsync(CancellationToken cancellationToken) => PostgresMigrations.MigrateAsync(Source, cancellationToken);

    public async Task<IReadOnlyList<RecordedEvent>> OpenAsync(IReadOnlyList<IncidentEvent> events, Func<IncidentId, Delivery>? delivery, Func<Incident, IReadOnlyList<Workflows.Outbox.OutboxMessage>>? outbox, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0 || events[0] is not IncidentOpened opened)
        {
            throw new ArgumentException("An incident's first event is IncidentOpened.", nameof(events));
        }

        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        long number;
        try
        {
            number = (long)(await ScalarAsync(connection, "INSERT INTO incidents (title, phase, channel, room, opened_at, updated_at, version) VALUES ($1, 'detected', $2, $3, $4, $4, $5) RETURNING number", [opened.Title, opened.Room?.Key, opened.Room?.ToJson().ToJsonString(), opened.At.ToUniversalTime(), (long)events.Count], cancellationToken))!;
        }
        catch (PostgresException ex) when (ex.SqlState == UniqueViolation)
        {
            throw new ConcurrencyConflictException($"Room '{opened.Room?.Key}' already has an open incident.", ex);
        }

        var id = new IncidentId(number);
        var recorded = events.Select((e, i) => new RecordedEvent(id, i + 1, Guid.CreateVersion7(), e)).ToArray();
        await InsertEventsAsync(connection, recorded, cancellationToken);
        var state = Incident.Replay(id, recorded);
        await UpdateSummaryAsync(connection, IncidentSummary.Of(state), cancellationToken);
        if (delivery is not null)
        {
            await RecordDeliveryAsync(connection, delivery(id), id, opened.At, cancellationToken);
        }

        await InsertOutboxAsync(connection, outbox?.Invoke(state) ?? [], opened.At, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (state.Room is not null)
        {
            RoomsMoved();
        }

        return recorded;
    }

    public async Task<IReadOnlyList<RecordedEvent>> ReadAsync(IncidentId incident, long afterSequence, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var reader = await Command(connection, "SELECT seq, event_id, payload FROM events WHERE incident = $1 AND seq > $2 ORDER BY seq", incident.Number, afterSequence).ExecuteReaderAsync(cancellationToken);
        var events = new List<RecordedEvent>();
        while (await reader.ReadAsync(cancellationToken))
        {
            events.Add(new RecordedEvent(incident, reader.GetInt64(0), reader.GetGuid(1), EventJson.Deserialize(reader.GetString(2))));
        }

        return events;
    }

    private static async Task InsertEventsAsync(NpgsqlConnection connection, IReadOnlyList<RecordedEvent> events, CancellationToken cancellationToken)
    {
        // One round trip for all of a command's events.
        await using var batch = new NpgsqlBatch(connection);
        AddEvents(batch, events);
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// One statement for any number of events (arrays unnested server-side): a group of a hundred
    /// notes costs the server one statement to parse and run, not a hundred.
    /// </summary>
    private static void AddEvents(NpgsqlBatch batch, IReadOnlyList<RecordedEvent> events)
    {
        if (events.Count == 0)
        {
            return;
        }

        var (numbers, seqs, ids, kinds, actors, ats, payloads) = (new long[events.Count], new long[events.Count], new Guid[events.Count], new string[events.Count], new string[events.Count], new DateTime[events.Count], new string[events.Count]);
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            (numbers[i], seqs[i], ids[i], kinds[i], actors[i], ats[i], payloads[i]) = (e.Incident.Number, e.Sequence, e.EventId, e.Event.Kind, e.Event.Actor, e.Event.At.UtcDateTime, EventJson.Serialize(e.Event));
        }

        batch.BatchCommands.Add(BatchCommand(
            "INSERT INTO events (incident, seq, event_id, kind, actor, at, payload) SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::uuid[], $4::text[], $5::text[], $6::timestamptz[], $7::text[])",
            numbers, seqs, ids, kinds, actors, ats, payloads));
    }

    private static async Task UpdateSummaryAsync(NpgsqlConnection connection, IncidentSummary summary, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection) { BatchCommands = { SummaryCommand(summary) } };
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    private static NpgsqlBatchCommand SummaryCommand(IncidentSummary summary) =>
        BatchCommand("UPDATE incidents SET title = $1, severity = $2, phase = $3, commander = $4, updated_at = $5, version = $6, finished = $7, stats = $8, channel = $9, room = $10 WHERE number = $11", summary.Title, summary.Severity is { } s ? (int)s : null, summary.Phase.Name(), summary.Commander, summary.UpdatedAt.ToUniversalTime(), summary.Version, summary.Phase.IsFinished(), summary.Stats is { } stats ? System.Text.Json.JsonSerializer.Serialize(stats, EventJson.Options) : null, summary.Room?.Key, summary.Room?.ToJson().ToJsonString(), summary.Id.Number);

    private static async Task RecordDeliveryAsync(NpgsqlConnection connection, Delivery delivery, IncidentId incident, DateTimeOffset at, CancellationToken cancellationToken)
    {
        try
        {
            // A key seen before fails the statement and with it the transaction: nothing of this command is kept.
            await ExecuteAsync(connection, "INSERT INTO deliveries (key, incident, reply, at) VALUES ($1, $2, $3, $4)", [delivery.Key, incident.Number, delivery.Reply, at.ToUniversalTime()], cancellationToken);
        }
        catch (PostgresException ex) when (ex.SqlState == UniqueViolation)
        {
            throw new ConcurrencyConflictException($"Delivery '{delivery.Key}' was already answered.", ex);
        }
    }

    private static async Task InsertOutboxAsync(NpgsqlConnection connection, IReadOnlyList<Workflows.Outbox.OutboxMessage> messages, DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (messages.Count == 0)
        {
            return;
        }

        await using var batch = new NpgsqlBatch(connection);
        AddOutbox(batch, messages, at);
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>A message with a coalesce key still waiting is the same message: only its version moves on.</summary>
    private static void AddOutbox(NpgsqlBatch batch, IReadOnlyList<Workflows.Outbox.OutboxMessage> messages, DateTimeOffset at)
    {
        foreach (var m in messages)
        {
            batch.BatchCommands.Add(BatchCommand(
                """
                INSERT INTO outbox (queue, kind, payload, coalesce_key, version, created_at) VALUES ($1, $2, $3, $4, $5, $6)
                ON CONFLICT (coalesce_key) WHERE coalesce_key IS NOT NULL DO UPDATE SET version = greatest(outbox.version, excluded.version), payload = excluded.payload
                """,
                m.Queue, m.Kind, m.Payload, m.CoalesceKey, m.Version, at.ToUniversalTime()));
        }
    }

    internal static async Task<int> ExecuteAsync(NpgsqlConnection connection, string sql, object?[] values, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, sql, values);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    internal static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql, object?[] values, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, sql, values);
        return await command.ExecuteScalarAsync(cancellationToken);
    }

    /// <summary>A command with positional parameters ($1, $2, …); null becomes SQL NULL.</summary>
    internal static NpgsqlCommand Command(NpgsqlConnection connection, string sql, params object?[] values)
    {
        var command = new NpgsqlCommand(sql, connection);
        foreach (var value in values)
        {
            command.Parameters.Add(Parameter(value));
        }

        return command;
    }

    private static NpgsqlBatchCommand BatchCommand(string sql, params object?[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(Parameter(value));
        }

        return command;
    }

    private static NpgsqlParameter Parameter(object? value) => value switch
    {
        // Untyped: PostgreSQL takes a null's type from where it goes.
        null => new NpgsqlParameter { Value = DBNull.Value },
        _ => new NpgsqlParameter { Value = value },
    };

    private int _disposed;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        using var brief = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await ReleaseLeasesAsync(brief.Token);
        }
        catch (Exception ex) when (ex is NpgsqlException or StoreUnavailableException or OperationCanceledException)
        {
            // The database is gone or slow: the leases expire on their own.
        }
        finally
        {
            await Source.DisposeAsync();
        }
    }
}
