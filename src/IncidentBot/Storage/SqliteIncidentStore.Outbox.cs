using System.Globalization;
using IncidentBot.Workflows.Outbox;
using Microsoft.Data.Sqlite;

namespace IncidentBot.Storage;

/// <summary>
/// The outbox's delivery side: heads of queues, delivery marks, retries, kept-current messages. One
/// process delivers everything on SQLite, so there are no claims: every lease is 0 and always held.
/// </summary>
internal sealed partial class SqliteIncidentStore : IOutboxStore, IReplicaLeases
{
    public bool AcrossReplicas => false;

    public Task<bool> HoldAsync(string name, CancellationToken cancellationToken) => Task.FromResult(true);

    public Task ConfirmClaimAsync(long lease, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task EnqueueAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var at = DateTimeOffset.UtcNow;
        return Writer.WriteAsync(_ =>
        {
            foreach (var message in messages)
            {
                _statements!.InsertOutbox(message, at);
            }

            return true;
        }, cancellationToken);
    }

    public Task<IReadOnlyList<OutboxItem>> HeadsAsync(CancellationToken cancellationToken) =>
        ItemsAsync("WHERE id IN (SELECT min(id) FROM outbox GROUP BY queue) ORDER BY id", [], cancellationToken);

    public Task<IReadOnlyList<OutboxItem>> QueueAsync(string queue, int limit, CancellationToken cancellationToken) =>
        ItemsAsync("WHERE queue = $queue ORDER BY id LIMIT $limit", [("$queue", queue), ("$limit", limit)], cancellationToken);

    private async Task<IReadOnlyList<OutboxItem>> ItemsAsync(string where, (string Name, object Value)[] parameters, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, queue, kind, payload, version, attempts, progress, created_at, next_at, coalesce_key FROM outbox " + where;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        var heads = new List<OutboxItem>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            heads.Add(new OutboxItem(
                reader.GetInt64(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetInt64(4),
                reader.GetInt32(5),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                Parse(reader.GetString(7)),
                reader.IsDBNull(8) ? null : Parse(reader.GetString(8)))
            {
                CoalesceKey = reader.IsDBNull(9) ? null : reader.GetString(9),
            });
        }

        return heads;
    }

    public Task DeliveredAsync(long id, long lease, long? version, DateTimeOffset at, CancellationToken cancellationToken) =>
        Writer.WriteAsync(connection =>
        {
            using var read = connection.CreateCommand();
            read.CommandText = "SELECT queue, kind, payload, coalesce_key, version FROM outbox WHERE id = $id";
            read.Parameters.AddWithValue("$id", id);
            using var reader = read.ExecuteReader();
            if (!reader.Read())
            {
                return false;
            }

            var (queue, kind, payload, key, asked) = (reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetInt64(4));
            reader.Close();
            Execute(connection, "DELETE FROM outbox WHERE id = $id", ("$id", id));
            if (version is { } shown && asked > shown)
            {
                // Asked for again at a later version while it was being delivered: it goes to the end of
                // its queue, so what waits behind it is not held up by a card that keeps changing.
                _statements!.InsertOutbox(new OutboxMessage(queue, kind, payload) { CoalesceKey = key, Version = asked }, at);
            }

            return true;
        }, cancellationToken);

    public Task RetryLaterAsync(long id, long lease, DateTimeOffset notBefore, string reason, bool countAttempt, CancellationToken cancellationToken) =>
        Writer.WriteAsync(connection =>
        {
            Execute(connection,
                "UPDATE outbox SET next_at = $next, last_error = $error, attempts = attempts + $count WHERE id = $id",
                ("$next", WriterStatements.Time(notBefore)), ("$error", reason), ("$count", countAttempt ? 1 : 0), ("$id", id));
            return true;
        }, cancellationToken);

    public Task SaveProgressAsync(long id, long lease, string progress, CancellationToken cancellationToken) =>
        Writer.WriteAsync(connection =>
        {
            Execute(connection, "UPDATE outbox SET progress = $progress WHERE id = $id", ("$progress", progress), ("$id", id));
            return true;
        }, cancellationToken);

    public async Task<OutboxDepth> DepthAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT (SELECT count(*) FROM outbox), created_at, kind, queue, last_error FROM outbox ORDER BY created_at, id LIMIT 1";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new OutboxDepth(reader.GetInt64(0), Parse(reader.GetString(1)))
            {
                OldestKind = reader.GetString(2),
                OldestQueue = reader.GetString(3),
                OldestError = reader.IsDBNull(4) ? null : reader.GetString(4),
            }
            : new OutboxDepth(0, null);
    }

    public async Task<PostedMessage?> FindPostedAsync(string key, CancellationToken cancellationToken)
    {
        await using var connection = await OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT conversation, message_id, hash FROM posted_messages WHERE key = $key";
        command.Parameters.AddWithValue("$key", key);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new PostedMessage(key, reader.GetString(0), reader.GetString(1), reader.GetString(2)) : null;
    }

    public Task SavePostedAsync(PostedMessage posted, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(posted);
        return Writer.WriteAsync(connection =>
        {
            Execute(connection,
                "INSERT INTO posted_messages (key, conversation, message_id, hash) VALUES ($key, $conversation, $message, $hash) ON CONFLICT (key) DO UPDATE SET conversation = excluded.conversation, message_id = excluded.message_id, hash = excluded.hash",
                ("$key", posted.Key), ("$conversation", posted.Conversation), ("$message", posted.MessageId), ("$hash", posted.Hash));
            return true;
        }, cancellationToken);
    }

    private static DateTimeOffset Parse(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);

    /// <summary>Runs one statement on the writer's connection; the rows it changed.</summary>
    private static int Execute(SqliteConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command.ExecuteNonQuery();
    }
}
