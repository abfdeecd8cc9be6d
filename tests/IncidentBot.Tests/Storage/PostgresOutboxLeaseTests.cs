using IncidentBot.Storage.Postgres;
using IncidentBot.Tests.Support;
using IncidentBot.Workflows.Outbox;
using Microsoft.Extensions.Time.Testing;

namespace IncidentBot.Tests.Storage;

/// <summary>
/// Several replicas delivering one outbox: each queue is claimed by one replica at a time, a claim
/// lasts while it is renewed, and a replica that lost its claim cannot mark, retry or advance a
/// message the new holder now delivers. The clock is driven; leases are read by it.
/// </summary>
public sealed class PostgresOutboxLeaseTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(10);
    private readonly PostgresTestStores _stores = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _stores.DisposeAsync();

    private Task<PostgresIncidentStore> ReplicaAsync(string name) => _stores.CreateAsync(new ReplicaOptions(name, Lease, _clock));

    private static OutboxMessage Post(string queue, string text) => new(queue, "slack:post", $$"""{"text":"{{text}}"}""");

    [Fact]
    public async Task A_queue_claimed_by_one_replica_is_not_given_to_another_while_the_claim_is_renewed()
    {
        var a = await ReplicaAsync("a");
        var b = await ReplicaAsync("b");
        await a.EnqueueAsync([Post("C1", "one"), Post("C1", "two")], None);

        var claimed = Assert.Single(await a.HeadsAsync(None));
        Assert.Empty(await b.HeadsAsync(None));

        // Renewed by every pass of its holder: time passing in steps shorter than the lease never frees it.
        for (var i = 0; i < 5; i++)
        {
            _clock.Advance(Lease / 2);
            Assert.Equal(claimed.Id, Assert.Single(await a.HeadsAsync(None)).Id);
            Assert.Empty(await b.HeadsAsync(None));
        }

        await a.DeliveredAsync(claimed.Id, claimed.Lease, null, _clock.GetUtcNow(), None);
        Assert.Equal("""{"text":"two"}""", Assert.Single(await a.HeadsAsync(None)).Payload);
    }

    [Fact]
    public async Task A_replica_that_stalled_past_its_lease_cannot_finish_what_the_new_holder_delivers()
    {
        var a = await ReplicaAsync("a");
        var b = await ReplicaAsync("b");
        await a.EnqueueAsync([Post("C1", "one")], None);
        var stale = Assert.Single(await a.HeadsAsync(None));

        _clock.Advance(Lease + TimeSpan.FromSeconds(1));
        var taken = Assert.Single(await b.HeadsAsync(None));
        Assert.Equal(stale.Id, taken.Id);
        Assert.True(taken.Lease > stale.Lease, "the fencing token grows when the queue changes hands");

        await Assert.ThrowsAsync<OutboxLeaseLostException>(() => a.SaveProgressAsync(stale.Id, stale.Lease, "sending:1", None));
        await Assert.ThrowsAsync<OutboxLeaseLostException>(() => a.RetryLaterAsync(stale.Id, stale.Lease, _clock.GetUtcNow().AddHours(1), "late", countAttempt: true, None));
        await Assert.ThrowsAsync<OutboxLeaseLostException>(() => a.DeliveredAsync(stale.Id, stale.Lease, null, _clock.GetUtcNow(), None));
        var still = Assert.Single(await b.QueueAsync("C1", 10, None));
        Assert.Equal((null, null, 0), (still.Progress, still.NextAttemptAt, still.Attempts));

        // Taking it back later is a new claim too: the first token stays refused.
        _clock.Advance(Lease + TimeSpan.FromSeconds(1));
        var again = Assert.Single(await a.HeadsAsync(None));
        Assert.True(again.Lease > taken.Lease);
        await Assert.ThrowsAsync<OutboxLeaseLostException>(() => a.DeliveredAsync(stale.Id, stale.Lease, null, _clock.GetUtcNow(), None));
        await Assert.ThrowsAsync<OutboxLeaseLostException>(() => b.DeliveredAsync(taken.Id, taken.Lease, null, _clock.GetUtcNow(), None));
        await a.DeliveredAsync(again.Id, again.Lease, null, _clock.GetUtcNow(), None);
        Assert.Empty(await a.QueueAsync("C1", 10, None));
    }

    [Fact]
    public async Task After_the_new_holder_delivered_a_message_the_stalled_replica_is_still_told_it_lost_the_claim()
    {
        var a = await ReplicaAsync("a");
        var b = await ReplicaAsync("b");
        await a.EnqueueAsync([Post("C1", "one")], None);
        var stale = Assert.Single(await a.HeadsAsync(None));
        _clock.Advance(Lease + TimeSpan.FromSeconds(1));
        var taken = Assert.Single(await b.HeadsAsync(None));
        await b.ConfirmClaimAsync(taken.Lease, None);
        await b.DeliveredAsync(taken.Id, taken.Lease, null, _clock.GetUtcNow(), None);

        // The row is gone: a stalled replica resuming must still stop before it posts or opens a room again.
        await Assert.ThrowsAsync<OutboxLeaseLostException>(() => a.ConfirmClaimAsync(stale.Lease, None));
        await Assert.ThrowsAsync<OutboxLeaseLostException>(() => a.SaveProgressAsync(stale.Id, stale.Lease, "sending:1", None));
        await Assert.ThrowsAsync<OutboxLeaseLostException>(() => a.DeliveredAsync(stale.Id, stale.Lease, null, _clock.GetUtcNow(), None));

        // The holder marking what is already gone (a batch's other message, say) is no error.
        await b.DeliveredAsync(taken.Id, taken.Lease, null, _clock.GetUtcNow(), None);
    }

    [Fact]
    public async Task A_replica_that_stops_cleanly_hands_its_queues_over_at_once()
    {
        var a = await ReplicaAsync("a");
        var b = await ReplicaAsync("b");
        await a.EnqueueAsync([Post("C1", "one"), Post("C2", "two")], None);
        Assert.Equal(2, (await a.HeadsAsync(None)).Count);
        Assert.Empty(await b.HeadsAsync(None));

        await a.ReleaseLeasesAsync(None);

        Assert.Equal(2, (await b.HeadsAsync(None)).Count);
    }

    [Fact]
    public async Task Replicas_claiming_together_never_share_a_queue()
    {
        var replicas = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => ReplicaAsync($"r{i}")));
        await replicas[0].EnqueueAsync([.. Enumerable.Range(0, 60).Select(q => Post($"C{q}", "x"))], None);

        var rounds = await Task.WhenAll(replicas.SelectMany(r => Enumerable.Range(0, 4).Select(_ => (Replica: r, Claim: r.HeadsAsync(None)))).Select(async p => (p.Replica.Replica.Owner, Heads: await p.Claim)));

        var owners = rounds.SelectMany(r => r.Heads.Select(h => (h.Queue, r.Owner))).Distinct().GroupBy(h => h.Queue).ToList();
        Assert.Equal(60, owners.Count);
        Assert.All(owners, queue => Assert.Single(queue));
    }

    [Fact]
    public async Task A_named_lease_is_held_by_one_replica_and_taken_over_when_it_expires()
    {
        var a = await ReplicaAsync("a");
        var b = await ReplicaAsync("b");

        Assert.True(await a.HoldAsync("metric-sweep", None));
        Assert.False(await b.HoldAsync("metric-sweep", None));
        _clock.Advance(Lease / 2);
        Assert.True(await a.HoldAsync("metric-sweep", None));
        Assert.False(await b.HoldAsync("metric-sweep", None));

        _clock.Advance(Lease + TimeSpan.FromSeconds(1));
        Assert.True(await b.HoldAsync("metric-sweep", None));
        Assert.False(await a.HoldAsync("metric-sweep", None));
        Assert.True(await a.HoldAsync("another", None));
    }
}
