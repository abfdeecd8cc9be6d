using IncidentBot.Workflows.Outbox;
using Npgsql;

namespace IncidentBot.Storage.Postgres;

/// <summary>
/// The outbox's delivery side, as SQLite's: queues, delivery marks, retries, kept-current messages.
/// Heads are claimed per queue under a lease (<c>PostgresIncidentStore.Leases.cs</c>), and every mark
/// on a claimed message is fenced by its claim's token.
/// </summary>
internal sealed partial class PostgresIncidentStore : IOutboxStore
{
    private const string OutboxColumns = "SELECT id, queue, kind, payload, version, attempts, progress, created_at, next_at, coalesce_key FROM outbox ";

    public async Task EnqueueAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        await using var connection = await OpenAsync(cancellationToken);
        await InsertOutboxAsync(connection, messages, DateTimeOffset.UtcNow, cancellationToken);
    }

    public Task<IReadOnlyList<OutboxItem>> QueueAsync(string queue, int limit, CancellationToken cancellationToken) =>
        ItemsAsync("WHERE queue = $1 ORDER BY id LIMIT $2", [queue, limit], cancellationToken);

    private async Task<IReadOnlyList<OutboxItem>> ItemsAsync(string where, object?[] values, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, OutboxColumns + where, values);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var items = new List<OutboxItem>();
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(ReadItem(reader));
        }

        return items;
    }

    private static OutboxItem ReadItem(NpgsqlDataReader reader) => new(
        reader.GetInt64(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetString(3),
        reader.GetInt64(4),
        reader.GetInt32(5),
        reader.IsDBNull(6) ? null : reader.GetString(6),
        reader.GetFieldValue<DateTimeOffset>(7),
        reader.IsDBNull(8) ? null : reader.GetFieldValue<DateTimeOffset>(8))
    {
        CoalesceKey = reader.IsDBNull(9) ? null : reader.GetString(9),
    };

    public async Task DeliveredAsync(long id, long lease, long? version, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        OutboxMessage? again = null;
        var deleted = false;
        await using (var delete = Command(connection, Fence + "DELETE FROM outbox WHERE id = $1 AND EXISTS (SELECT 1 FROM fence) RETURNING queue, kind, payload, coalesce_key, version", id, Replica.Owner, lease))
        await using (var reader = await delete.ExecuteReaderAsync(cancellationToken))
        {
            deleted = await reader.ReadAsync(cancellationToken);
            if (deleted && version is { } shown && reader.GetInt64(4) > shown)
            {
                // Asked for again at a later version while it was being delivered: it goes to the end of
                // its queue, so what waits behind it is not held up by a card that keeps changing.
                again = new OutboxMessage(reader.GetString(0), reader.GetString(1), reader.GetString(2))
                {
                    CoalesceKey = reader.IsDBNull(3) ? null : reader.GetString(3),
                    Version = reader.GetInt64(4),
                };
            }
        }

        if (!deleted)
        {
            await ThrowUnlessHeldAsync(connection, lease, cancellationToken);
        }

        if (again is not null)
        {
            await InsertOutboxAsync(connection, [again], at, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public Task RetryLaterAsync(long id, long lease, DateTimeOffset notBefore, string reason, bool countAttempt, CancellationToken cancellationToken) =>
        FencedUpdateAsync(id, lease, "next_at = $4, last_error = $5, attempts = attempts + $6", [notBefore.ToUniversalTime(), reason, countAttempt ? 1 : 0], cancellationToken);

    public Task SaveProgressAsync(long id, long lease, string progress, CancellationToken cancellationToken) =>
        FencedUpdateAsync(id, lease, "progress = $4", [progress], cancellationToken);

    private async Task FencedUpdateAsync(long id, long lease, string set, object?[] values, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        if (await ExecuteAsync(connection, Fence + $"UPDATE outbox SET {set} WHERE id = $1 AND EXISTS (SELECT 1 FROM fence)", [id, Replica.Owner, lease, .. values], cancellationToken) == 0)
        {
            await ThrowUnlessHeldAsync(connection, lease, cancellationToken);
        }
    }

    public async Task<OutboxDepth> DepthAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, "SELECT (SELECT count(*) FROM outbox), created_at, kind, queue, last_error FROM outbox ORDER BY created_at, id LIMIT 1");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new OutboxDepth(reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1))
            {
                OldestKind = reader.GetString(2),
                OldestQueue = reader.GetString(3),
                OldestError = reader.IsDBNull(4) ? null : reader.GetString(4),
            }
            : new OutboxDepth(0, null);
    }

    public async Task<PostedMessage?> FindPostedAsync(string key, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, "SELECT conversation, message_id, hash FROM posted_messages WHERE key = $1", key);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new PostedMessage(key, reader.GetString(0), reader.GetString(1), reader.GetString(2)) : null;
    }

    public async Task SavePostedAsync(PostedMessage posted, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(posted);
        await using var connection = await OpenAsync(cancellationToken);
        await ExecuteAsync(connection,
            "INSERT INTO posted_messages (key, conversation, message_id, hash) VALUES ($1, $2, $3, $4) ON CONFLICT (key) DO UPDATE SET conversation = excluded.conversation, message_id = excluded.message_id, hash = excluded.hash",
            [posted.Key, posted.Conversation, posted.MessageId, posted.Hash], cancellationToken);
    }
}
