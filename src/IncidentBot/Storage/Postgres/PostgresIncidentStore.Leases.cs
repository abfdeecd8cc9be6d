using IncidentBot.Workflows.Outbox;
using Npgsql;

namespace IncidentBot.Storage.Postgres;

/// <summary>
/// Leases: what must be done by one replica at a time. A lease names its holder, lasts until a time
/// (renewed by the holder while it works) and carries a fencing token that grows each time another
/// replica takes it over, so a replica that stalled past its lease cannot finish what the new holder
/// now does. Outbox queues are leased as <c>outbox:&lt;queue&gt;</c>, claimed in
/// <see cref="HeadsAsync"/>; jobs such as the metric sweep hold a lease by name.
/// </summary>
internal sealed partial class PostgresIncidentStore : IReplicaLeases
{
    private const string QueuePrefix = "outbox:";

    /// <summary>
    /// Claims (or renews) every queue with messages that is free, expired or already this replica's,
    /// and returns their heads with the claim's token. Another replica's claim in progress is skipped,
    /// not waited for; new queues are inserted in name order so two replicas cannot deadlock.
    /// </summary>
    private const string ClaimHeads = """
        WITH wanted AS (SELECT DISTINCT 'outbox:' || queue AS name FROM outbox),
        fresh AS (
            INSERT INTO leases (name, owner, token, until)
            SELECT name, $1, nextval('lease_tokens'), $3 FROM wanted ORDER BY name
            ON CONFLICT (name) DO NOTHING
            RETURNING name, token),
        free AS (
            SELECT l.name FROM leases l JOIN wanted w ON w.name = l.name
            WHERE l.owner = $1 OR l.until <= $2
            FOR UPDATE OF l SKIP LOCKED),
        taken AS (
            UPDATE leases l SET token = CASE WHEN l.owner = $1 THEN l.token ELSE nextval('lease_tokens') END, owner = $1, until = $3
            FROM free WHERE l.name = free.name
            RETURNING l.name, l.token),
        held AS (SELECT name, token FROM fresh UNION ALL SELECT name, token FROM taken)
        SELECT o.id, o.queue, o.kind, o.payload, o.version, o.attempts, o.progress, o.created_at, o.next_at, o.coalesce_key, held.token
        FROM held CROSS JOIN LATERAL (SELECT * FROM outbox WHERE queue = substr(held.name, 8) ORDER BY id LIMIT 1) o
        ORDER BY o.id
        """;

    /// <summary>
    /// The guard of a write to a claimed message: this replica still holds the lease it was claimed
    /// under (tokens are unique across leases, so owner and token name it). The lease row is
    /// share-locked, so a takeover waits for the write to commit instead of overtaking it.
    /// Parameters: $2 owner, $3 token.
    /// </summary>
    private const string Fence = """
        WITH fence AS (SELECT 1 FROM leases WHERE owner = $2 AND token = $3 FOR SHARE)
        """;

    public bool AcrossReplicas => true;

    public async Task<IReadOnlyList<OutboxItem>> HeadsAsync(CancellationToken cancellationToken)
    {
        var now = Replica.Clock.GetUtcNow();
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, ClaimHeads, Replica.Owner, now.ToUniversalTime(), (now + Replica.Lease).ToUniversalTime());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var heads = new List<OutboxItem>();
        while (await reader.ReadAsync(cancellationToken))
        {
            heads.Add(ReadItem(reader) with { Lease = reader.GetInt64(10) });
        }

        return heads;
    }

    /// <summary>
    /// Holds the lease <paramref name="name"/> for this replica (taking it when free or expired,
    /// renewing it when already held): true while this replica may do the leased work.
    /// </summary>
    public async Task<bool> HoldAsync(string name, CancellationToken cancellationToken)
    {
        var now = Replica.Clock.GetUtcNow();
        await using var connection = await OpenAsync(cancellationToken);
        return await ScalarAsync(connection,
            """
            INSERT INTO leases (name, owner, token, until) VALUES ($1, $2, nextval('lease_tokens'), $4)
            ON CONFLICT (name) DO UPDATE SET token = CASE WHEN leases.owner = $2 THEN leases.token ELSE nextval('lease_tokens') END, owner = $2, until = $4
            WHERE leases.owner = $2 OR leases.until <= $3
            RETURNING token
            """,
            [name, Replica.Owner, now.ToUniversalTime(), (now + Replica.Lease).ToUniversalTime()], cancellationToken) is not null;
    }

    /// <summary>Gives up every lease this replica holds (a clean stop), so the others take them at once instead of after they expire.</summary>
    public async Task ReleaseLeasesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await ExecuteAsync(connection, "UPDATE leases SET until = '-infinity' WHERE owner = $1", [Replica.Owner], cancellationToken);
    }

    /// <summary>
    /// Throws <see cref="OutboxLeaseLostException"/> unless this replica still holds the claim
    /// <paramref name="lease"/>: asked before anything leaves the bot (a post, a room created), so a
    /// replica that stalled past its lease does not say it again after the new holder did.
    /// </summary>
    public async Task ConfirmClaimAsync(long lease, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await ThrowUnlessHeldAsync(connection, lease, cancellationToken);
    }

    /// <summary>After a fenced write changed nothing: either the claim is lost (throws), or the message is gone already (nothing to do).</summary>
    private async Task ThrowUnlessHeldAsync(NpgsqlConnection connection, long lease, CancellationToken cancellationToken)
    {
        if (await ScalarAsync(connection, "SELECT 1 FROM leases WHERE owner = $1 AND token = $2", [Replica.Owner, lease], cancellationToken) is null)
        {
            throw new OutboxLeaseLostException($"This replica's claim {lease} on the queue has passed to another replica, which delivers its messages now.");
        }
    }
}
