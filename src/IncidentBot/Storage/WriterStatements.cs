using System.Globalization;
using IncidentBot.Workflows.Chat;
using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Incidents.Events;
using Microsoft.Data.Sqlite;

namespace IncidentBot.Storage;

/// <summary>
/// The writer connection's statements, prepared once and reused for every write. Used only from
/// the writer's loop, one write at a time.
/// </summary>
internal sealed class WriterStatements : IDisposable
{
    private readonly SqliteCommand _lastEvent;
    private readonly SqliteCommand _insertEvent;
    private readonly SqliteCommand _insertIncident;
    private readonly SqliteCommand _updateIncident;
    private readonly SqliteCommand _insertDelivery;
    private readonly SqliteCommand _insertOutbox;

    // The last room written and its JSON: an incident's state keeps one RoomAddress instance, so a busy
    // incident's appends do not serialise the same room again each time.
    private RoomAddress? _lastRoom;
    private string? _lastRoomJson;

    public WriterStatements(SqliteConnection connection)
    {
        _lastEvent = Command(connection, "SELECT seq, event_id FROM events WHERE incident = $incident ORDER BY seq DESC LIMIT 1", "$incident");
        _insertEvent = Command(connection,
            "INSERT INTO events (incident, seq, event_id, kind, actor, at, payload) VALUES ($incident, $seq, $id, $kind, $actor, $at, $payload)",
            "$incident", "$seq", "$id", "$kind", "$actor", "$at", "$payload");
        _insertIncident = Command(connection,
            "INSERT INTO incidents (title, phase, channel, room, opened_at, updated_at, version) VALUES ($title, 'detected', $channel, $room, $at, $at, $version) RETURNING number",
            "$title", "$channel", "$room", "$at", "$version");
        _updateIncident = Command(connection,
            "UPDATE incidents SET title = $title, severity = $severity, phase = $phase, commander = $commander, updated_at = $updated, version = $version, finished = $finished, stats = $stats, channel = $channel, room = $room WHERE number = $incident",
            "$title", "$severity", "$phase", "$commander", "$updated", "$version", "$finished", "$incident", "$stats", "$channel", "$room");
        _insertDelivery = Command(connection,
            "INSERT INTO deliveries (key, incident, reply, at) VALUES ($key, $incident, $reply, $at)",
            "$key", "$incident", "$reply", "$at");
        // A message with a coalesce key still waiting is the same message: only its version moves on.
        _insertOutbox = Command(connection,
            """
            INSERT INTO outbox (queue, kind, payload, coalesce_key, version, created_at) VALUES ($queue, $kind, $payload, $key, $version, $at)
            ON CONFLICT (coalesce_key) WHERE coalesce_key IS NOT NULL DO UPDATE SET version = max(version, excluded.version), payload = excluded.payload
            """,
            "$queue", "$kind", "$payload", "$key", "$version", "$at");
    }

    public void InsertOutbox(Workflows.Outbox.OutboxMessage message, DateTimeOffset at)
    {
        var p = _insertOutbox.Parameters;
        p[0].Value = message.Queue;
        p[1].Value = message.Kind;
        p[2].Value = message.Payload;
        p[3].Value = (object?)message.CoalesceKey ?? DBNull.Value;
        p[4].Value = message.Version;
        p[5].Value = Time(at);
        _insertOutbox.ExecuteNonQuery();
    }

    /// <summary>Records a delivery; a key seen before violates the primary key (SQLite error 19).</summary>
    public void InsertDelivery(Delivery delivery, IncidentId incident, DateTimeOffset at)
    {
        var p = _insertDelivery.Parameters;
        p[0].Value = delivery.Key;
        p[1].Value = incident.Number;
        p[2].Value = delivery.Reply;
        p[3].Value = Time(at);
        _insertDelivery.ExecuteNonQuery();
    }

    public (long Version, Guid LastEventId) LastEvent(IncidentId incident)
    {
        _lastEvent.Parameters[0].Value = incident.Number;
        using var reader = _lastEvent.ExecuteReader();
        return reader.Read() ? (reader.GetInt64(0), Guid.Parse(reader.GetString(1))) : (0, Guid.Empty);
    }

    public long InsertIncident(IncidentOpened opened, int version)
    {
        _insertIncident.Parameters[0].Value = opened.Title;
        _insertIncident.Parameters[1].Value = (object?)opened.Room?.Key ?? DBNull.Value;
        _insertIncident.Parameters[2].Value = (object?)RoomJson(opened.Room) ?? DBNull.Value;
        _insertIncident.Parameters[3].Value = Time(opened.At);
        _insertIncident.Parameters[4].Value = version;
        return (long)_insertIncident.ExecuteScalar()!;
    }

    public void InsertEvent(RecordedEvent recorded)
    {
        var p = _insertEvent.Parameters;
        p[0].Value = recorded.Incident.Number;
        p[1].Value = recorded.Sequence;
        p[2].Value = recorded.EventId.ToString();
        p[3].Value = recorded.Event.Kind;
        p[4].Value = recorded.Event.Actor;
        p[5].Value = Time(recorded.Event.At);
        p[6].Value = EventJson.Serialize(recorded.Event);
        _insertEvent.ExecuteNonQuery();
    }

    public void UpdateIncident(IncidentSummary summary)
    {
        var p = _updateIncident.Parameters;
        p[0].Value = summary.Title;
        p[1].Value = summary.Severity is { } s ? (int)s : DBNull.Value;
        p[2].Value = summary.Phase.Name();
        p[3].Value = (object?)summary.Commander ?? DBNull.Value;
        p[4].Value = Time(summary.UpdatedAt);
        p[5].Value = summary.Version;
        p[6].Value = summary.Phase.IsFinished() ? 1 : 0;
        p[7].Value = summary.Id.Number;
        p[8].Value = summary.Stats is { } stats ? System.Text.Json.JsonSerializer.Serialize(stats, EventJson.Options) : DBNull.Value;
        p[9].Value = (object?)summary.Room?.Key ?? DBNull.Value;
        p[10].Value = (object?)RoomJson(summary.Room) ?? DBNull.Value;
        _updateIncident.ExecuteNonQuery();
    }

    private string? RoomJson(RoomAddress? room)
    {
        if (room is null)
        {
            return null;
        }

        if (!ReferenceEquals(room, _lastRoom))
        {
            (_lastRoom, _lastRoomJson) = (room, room.ToJson().ToJsonString());
        }

        return _lastRoomJson;
    }

    internal static string Time(DateTimeOffset time) => time.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    private static SqliteCommand Command(SqliteConnection connection, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter(name, null));
        }

        return command;
    }

    public void Dispose()
    {
        _lastEvent.Dispose();
        _insertEvent.Dispose();
        _insertIncident.Dispose();
        _updateIncident.Dispose();
        _insertDelivery.Dispose();
        _insertOutbox.Dispose();
    }
}
