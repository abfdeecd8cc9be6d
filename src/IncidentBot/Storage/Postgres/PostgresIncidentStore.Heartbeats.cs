using IncidentBot.Workflows.Alerts;
using Npgsql;

namespace IncidentBot.Storage.Postgres;

/// <summary>
/// Heartbeats: when each was last seen, and the state of its silence. Every step that must happen once
/// is one conditional UPDATE: PostgreSQL locks the row, and a second replica's update re-checks its
/// condition against the first one's result, so only one of them changes it.
/// </summary>
internal sealed partial class PostgresIncidentStore : IHeartbeatStore
{
    private const string HeartbeatColumns = "SELECT name, last_seen, timeout_seconds, silent_since, reported, claimed_at FROM heartbeats";

    public async Task<Heartbeat?> BeatAsync(string name, DateTimeOffset at, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        Heartbeat? before = null;
        await using (var read = Command(connection, HeartbeatColumns + " WHERE name = $1 FOR UPDATE", name))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
        {
            before = await reader.ReadAsync(cancellationToken) ? ReadHeartbeat(reader) : null;
        }

        // A late delivery never moves the last beat back (greatest, also when two first beats race);
        // the silence, if any, ends when its return is recorded.
        await ExecuteAsync(connection,
            """
            INSERT INTO heartbeats (name, last_seen, timeout_seconds) VALUES ($1, $2, $3)
            ON CONFLICT (name) DO UPDATE SET last_seen = greatest(heartbeats.last_seen, excluded.last_seen), timeout_seconds = coalesce(excluded.timeout_seconds, heartbeats.timeout_seconds)
            """,
            [name, at.ToUniversalTime(), timeout is { } t ? (int)t.TotalSeconds : null], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return before;
    }

    public async Task<IReadOnlyList<Heartbeat>> HeartbeatsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, HeartbeatColumns + " ORDER BY name");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var beats = new List<Heartbeat>();
        while (await reader.ReadAsync(cancellationToken))
        {
            beats.Add(ReadHeartbeat(reader));
        }

        return beats;
    }

    public async Task<bool> ClaimSilenceAsync(string name, DateTimeOffset lastSeen, DateTimeOffset since, DateTimeOffset now, DateTimeOffset staleBefore, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return 1 == await ExecuteAsync(connection,
            """
            UPDATE heartbeats SET silent_since = $1, reported = false, claimed_at = $2
            WHERE name = $3 AND ((silent_since IS NULL AND last_seen = $4) OR (silent_since = $1 AND NOT reported AND claimed_at < $5))
            """,
            [since.ToUniversalTime(), now.ToUniversalTime(), name, lastSeen.ToUniversalTime(), staleBefore.ToUniversalTime()], cancellationToken);
    }

    public async Task MarkReportedAsync(string name, DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await ExecuteAsync(connection, "UPDATE heartbeats SET reported = true WHERE name = $1 AND silent_since = $2", [name, since.ToUniversalTime()], cancellationToken);
    }

    public async Task EndSilenceAsync(string name, DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await ExecuteAsync(connection, "UPDATE heartbeats SET silent_since = NULL, reported = false, claimed_at = NULL WHERE name = $1 AND silent_since = $2",
            [name, since.ToUniversalTime()], cancellationToken);
    }

    private static Heartbeat ReadHeartbeat(NpgsqlDataReader reader) => new(reader.GetString(0), reader.GetFieldValue<DateTimeOffset>(1))
    {
        Timeout = reader.IsDBNull(2) ? null : TimeSpan.FromSeconds(reader.GetInt32(2)),
        SilentSince = reader.IsDBNull(3) ? null : reader.GetFieldValue<DateTimeOffset>(3),
        Reported = reader.GetBoolean(4),
        ClaimedAt = reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5),
    };
}
