using Microsoft.Data.Sqlite;

namespace IncidentBot.Storage;

/// <summary>
/// The SQLite schema, as numbered steps. A file is upgraded in place: each step not yet applied
/// runs in one transaction with the bump of <c>PRAGMA user_version</c>, so a crash mid-upgrade
/// leaves the file at the previous version, never half-migrated.
/// </summary>
internal static class SqliteMigrations
{
    public static readonly IReadOnlyList<string> Steps =
    [
        // 1: the event log, and a projection of each incident for lists and channel lookups.
        """
        CREATE TABLE incidents (
            number     INTEGER PRIMARY KEY AUTOINCREMENT,
            title      TEXT NOT NULL,
            severity   INTEGER NULL,
            phase      TEXT NOT NULL,
            commander  TEXT NULL,
            channel    TEXT NULL,
            opened_at  TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            version    INTEGER NOT NULL,
            finished   INTEGER NOT NULL DEFAULT 0
        );
        CREATE UNIQUE INDEX incidents_open_channel ON incidents (channel) WHERE channel IS NOT NULL AND finished = 0;
        CREATE TABLE events (
            incident INTEGER NOT NULL REFERENCES incidents (number),
            seq      INTEGER NOT NULL,
            event_id TEXT NOT NULL,
            kind     TEXT NOT NULL,
            actor    TEXT NOT NULL,
            at       TEXT NOT NULL,
            payload  TEXT NOT NULL,
            PRIMARY KEY (incident, seq)
        ) WITHOUT ROWID;
        """,

        // 2: open incidents are listed far more often than all of them.
        """
        CREATE INDEX incidents_open ON incidents (finished, number);
        """,

        // 3: inbound deliveries already answered, so a retry is answered again without a second change.
        """
        CREATE TABLE deliveries (
            key      TEXT PRIMARY KEY,
            incident INTEGER NOT NULL REFERENCES incidents (number),
            reply    TEXT NOT NULL,
            at       TEXT NOT NULL
        ) WITHOUT ROWID;
        """,

        // 4: each incident's metrics facts beside its summary, so metrics need not replay every log.
        // Rows from before this step have none; the store rebuilds those from their events when read.
        """
        ALTER TABLE incidents ADD COLUMN stats TEXT NULL;
        """,

        // 5: the outbox (what the bot must still post, stored with the events that caused it; a row
        // is deleted once delivered) and the messages the bot keeps current (incident card, board).
        """
        CREATE TABLE outbox (
            id           INTEGER PRIMARY KEY AUTOINCREMENT,
            queue        TEXT NOT NULL,
            kind         TEXT NOT NULL,
            payload      TEXT NOT NULL,
            coalesce_key TEXT NULL,
            version      INTEGER NOT NULL DEFAULT 0,
            created_at   TEXT NOT NULL,
            attempts     INTEGER NOT NULL DEFAULT 0,
            next_at      TEXT NULL,
            last_error   TEXT NULL,
            progress     TEXT NULL
        );
        CREATE INDEX outbox_queue ON outbox (queue, id);
        CREATE UNIQUE INDEX outbox_coalesce ON outbox (coalesce_key) WHERE coalesce_key IS NOT NULL;
        CREATE TABLE posted_messages (
            key     TEXT PRIMARY KEY,
            channel TEXT NOT NULL,
            ts      TEXT NOT NULL,
            hash    TEXT NOT NULL
        ) WITHOUT ROWID;
        """,

        // 6: rooms are typed, a platform and its reference to a conversation. The channel column keeps
        // the room's key ("slack:C0123", "web:ops") for lookups and the one-open-incident rule; room
        // holds the whole address as JSON. Before, a room was Slack's when it said so and the local
        // page's otherwise; events, kept messages and waiting explanations are named the same way now,
        // and people are remembered across restarts.
        """
        ALTER TABLE incidents ADD COLUMN room TEXT NULL;
        UPDATE incidents SET channel = 'web:' || channel WHERE channel IS NOT NULL AND substr(channel, 1, 6) <> 'slack:';
        UPDATE incidents SET room = json_object('platform', substr(channel, 1, instr(channel, ':') - 1), 'conversation', substr(channel, instr(channel, ':') + 1))
            WHERE channel IS NOT NULL;
        UPDATE events SET payload = json_set(json_remove(payload, '$.channel'), '$.room', json(CASE
                WHEN substr(json_extract(payload, '$.channel'), 1, 6) = 'slack:'
                THEN json_object('platform', 'slack', 'conversation', substr(json_extract(payload, '$.channel'), 7))
                ELSE json_object('platform', 'web', 'conversation', json_extract(payload, '$.channel')) END))
            WHERE kind IN ('opened', 'war-room') AND json_extract(payload, '$.channel') IS NOT NULL;
        ALTER TABLE posted_messages RENAME COLUMN channel TO conversation;
        ALTER TABLE posted_messages RENAME COLUMN ts TO message_id;
        UPDATE posted_messages SET key = 'slack:' || key;
        UPDATE outbox SET kind = 'slack.explain',
            payload = json_set(json_remove(payload, '$.channel'), '$.room', json_object('platform', 'slack', 'conversation', json_extract(payload, '$.channel')))
            WHERE kind = 'slack.ephemeral';
        CREATE TABLE people (
            platform   TEXT NOT NULL,
            user_id    TEXT NOT NULL,
            handle     TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (platform, user_id)
        ) WITHOUT ROWID;
        """,

        // 7: heartbeats (monitoring that says it is alive), so a silence is noticed across restarts and acted on once.
        """
        CREATE TABLE heartbeats (
            name            TEXT PRIMARY KEY,
            last_seen       TEXT NOT NULL,
            timeout_seconds INTEGER NULL,
            silent_since    TEXT NULL,
            reported        INTEGER NOT NULL DEFAULT 0,
            claimed_at      TEXT NULL
        ) WITHOUT ROWID;
        """,

        // 8: where the bot may post on each platform (Teams tells it with conversationUpdate: a team,
        // a channel, a person's chat, and the service URL to reach each).
        """
        CREATE TABLE places (
            platform     TEXT NOT NULL,
            conversation TEXT NOT NULL,
            room         TEXT NOT NULL,
            kind         TEXT NOT NULL,
            name         TEXT NULL,
            updated_at   TEXT NOT NULL,
            PRIMARY KEY (platform, conversation)
        ) WITHOUT ROWID;
        """,

        // 9: one row a probe rewrites to learn whether the file can be written again after a fault
        // (a full disk, a read-only mount), so readiness recovers without waiting for a command; and
        // delivery keys by age, so old ones are pruned without a scan.
        """
        CREATE TABLE store_probe (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL
        );
        CREATE INDEX deliveries_at ON deliveries (at);
        """,

        // 10: the web page's conversation, kept per room so everyone viewing a room sees the same
        // commands and replies and a reload keeps them; a retried request (same key) is kept once.
        """
        CREATE TABLE web_conversation (
            seq         INTEGER PRIMARY KEY AUTOINCREMENT,
            room        TEXT NOT NULL,
            at          TEXT NOT NULL,
            user        TEXT NOT NULL,
            said        TEXT NOT NULL,
            reply       TEXT NOT NULL,
            private     INTEGER NOT NULL,
            request_key TEXT NULL UNIQUE
        );
        CREATE INDEX web_conversation_room ON web_conversation (room, seq);
        """,

        // 11: alert groups: each group's current incident and when it was last heard of.
        """
        CREATE TABLE alert_groups (
            key       TEXT PRIMARY KEY,
            incident  INTEGER NOT NULL,
            last_seen TEXT NOT NULL
        );
        """,
    ];

    public static int Latest => Steps.Count;

    public static async Task<int> ReadVersionAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA user_version";
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Applies the steps after the file's version, up to <paramref name="target"/> (all by default).</summary>
    public static async Task MigrateAsync(SqliteConnection connection, int? target, CancellationToken cancellationToken)
    {
        var goal = target ?? Latest;
        // IMMEDIATE takes the write lock first, so two processes starting at once migrate one after the other.
        await using (var begin = connection.CreateCommand())
        {
            begin.CommandText = "BEGIN IMMEDIATE";
            await begin.ExecuteNonQueryAsync(cancellationToken);
        }

        try
        {
            var version = await ReadVersionAsync(connection, cancellationToken);
            if (version > Latest)
            {
                throw new InvalidOperationException(
                    $"The database is at schema version {version}, newer than this IncidentBot knows ({Latest}). Run a newer build.");
            }

            for (var step = version + 1; step <= goal; step++)
            {
                await using var command = connection.CreateCommand();
                command.CommandText = Steps[step - 1] + $"\nPRAGMA user_version = {step};";
                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            await using var commit = connection.CreateCommand();
            commit.CommandText = "COMMIT";
            await commit.ExecuteNonQueryAsync(cancellationToken);
        }
        catch
        {
            await using var rollback = connection.CreateCommand();
            rollback.CommandText = "ROLLBACK";
            await rollback.ExecuteNonQueryAsync(CancellationToken.None);
            throw;
        }
    }
}
