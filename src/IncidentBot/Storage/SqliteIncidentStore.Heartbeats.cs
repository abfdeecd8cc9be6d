using IncidentBot.Workflows.Alerts;
using Microsoft.Data.Sqlite;

namespace IncidentBot.Storage;

/// <summary>Heartbeats: when each was last seen, and the state of its silence.</summary>
internal sealed partial class SqliteIncidentStore : IHeartbeatStore
{
    private const string HeartbeatColumns = "SELECT name, last_seen, timeout_seconds, silent_since, reported, claimed_at FROM heartbeats";

    public Task<Heartbeat?> BeatAsync(string name, DateTimeOffset at, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Writer.WriteAsync(connection =>
        {
            Heartbeat? before = null;
            using (var read = connection.CreateCommand())
            {
                read.CommandText = HeartbeatColumns + " WHERE name = $name";
                read.Parameters.AddWithValue("$name", name);
                using var reader = read.ExecuteReader();
                before = reader.Read() ? ReadHeartbeat(reader) : null;
            }

            // A late delivery never moves the last beat back; the silence, if any, ends when its return is recorded.
            var seen = before is { } known && known.LastSeen > at ? known.LastSeen : at;
            Execute(connection,
                "INSERT INTO heartbeats (name, last_seen, timeout_seconds) VALUES ($name, $seen, $timeout) ON CONFLICT (name) DO UPDATE SET last_seen = excluded.last_seen, timeout_seconds = coalesce(excluded.timeout_seconds, timeout_seconds)",
                ("$name", name), ("$seen", WriterStatements.Time(seen)), ("$timeout", timeout is { } t ? (object)(long)t.TotalSeconds : DBNull.Value));
            return before;
        }, cancellationToken);
    }

    public async Task<IReadOnlyList<Heartbeat>> HeartbeatsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = HeartbeatColumns + " ORDER BY name";
        var beats = new List<Heartbeat>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            beats.Add(ReadHeartbeat(reader));
        }

        return beats;
    }

    public Task<bool> ClaimSilenceAsync(string name, DateTimeOffset lastSeen, DateTimeOffset since, DateTimeOffset now, DateTimeOffset staleBefore, CancellationToken cancellationToken) =>
        Writer.WriteAsync(connection => 1 == Execute(connection,
            """
            UPDATE heartbeats SET silent_since = $since, reported = 0, claimed_at = $now
            WHERE name = $name AND ((silent_since IS NULL AND last_seen = $seen) OR (silent_since = $since AND reported = 0 AND claimed_at < $stale))
            """,
            ("$since", WriterStatements.Time(since)), ("$now", WriterStatements.Time(now)), ("$name", name), ("$seen", WriterStatements.Time(lastSeen)), ("$stale", WriterStatements.Time(staleBefore))), cancellationToken);

    public Task MarkReportedAsync(string name, DateTimeOffset since, CancellationToken cancellationToken) =>
        Writer.WriteAsync(connection => 1 == Execute(connection, "UPDATE heartbeats SET reported = 1 WHERE name = $name AND silent_since = $since",
            ("$name", name), ("$since", WriterStatements.Time(since))), cancellationToken);

    public Task EndSilenceAsync(string name, DateTimeOffset since, CancellationToken cancellationToken) =>
        Writer.WriteAsync(connection => 1 == Execute(connection, "UPDATE heartbeats SET silent_since = NULL, reported = 0, claimed_at = NULL WHERE name = $name AND silent_since = $since",
            ("$name", name), ("$since", WriterStatements.Time(since))), cancellationToken);

    private static Heartbeat ReadHeartbeat(SqliteDataReader reader) => new(reader.GetString(0), Parse(reader.GetString(1)))
    {
        Timeout = reader.IsDBNull(2) ? null : TimeSpan.FromSeconds(reader.GetInt64(2)),
        SilentSince = reader.IsDBNull(3) ? null : Parse(reader.GetString(3)),
        Reported = reader.GetInt64(4) != 0,
        ClaimedAt = reader.IsDBNull(5) ? null : Parse(reader.GetString(5)),
    };
}
