using IncidentBot.Workflows.Outbox;

namespace IncidentBot.Tests.Storage;

/// <summary>
/// What every outbox store must do (the delivery side). Each implementation runs this suite by deriving
/// from it and saying how to make a store; a second store asked for in one test opens the same database.
/// </summary>
public abstract class OutboxStoreContract
{
    private static readonly DateTimeOffset T0 = new(2020, 3, 4, 5, 6, 7, TimeSpan.Zero);
    private static readonly CancellationToken None = CancellationToken.None;

    protected abstract Task<IOutboxStore> CreateStoreAsync();

    private static OutboxMessage Post(string queue, string text) => new(queue, "slack.post", $$"""{"text":"{{text}}"}""");

    private static OutboxMessage Card(string key, long version, string payload = """{"incident":"INC-0001"}""") =>
        new("slack.card:INC-0001", "slack.card", payload) { CoalesceKey = key, Version = version };

    private static IEnumerable<string> Payloads(IEnumerable<OutboxItem> items) => items.Select(i => i.Payload);

    [Fact]
    public async Task Enqueue_KeepsEachQueueInOrder_AndTheHeadsAreTheOldestOfEachQueue()
    {
        var store = await CreateStoreAsync();
        var before = DateTimeOffset.UtcNow;
        await store.EnqueueAsync([Post("a", "a1"), Post("b", "b1"), Post("a", "a2")], None);
        await store.EnqueueAsync([Post("b", "b2"), Post("c", "c1")], None);
        var after = DateTimeOffset.UtcNow;

        var heads = await store.HeadsAsync(None);
        Assert.Equal(["""{"text":"a1"}""", """{"text":"b1"}""", """{"text":"c1"}"""], Payloads(heads));
        Assert.Equal(["a", "b", "c"], heads.Select(h => h.Queue));
        Assert.Equal(["""{"text":"a1"}""", """{"text":"a2"}"""], Payloads(await store.QueueAsync("a", 10, None)));
        Assert.Equal(["""{"text":"b1"}"""], Payloads(await store.QueueAsync("b", 1, None)));
        Assert.Empty(await store.QueueAsync("elsewhere", 10, None));

        var head = heads[0];
        Assert.Equal(("slack.post", 0L, 0, (string?)null, (DateTimeOffset?)null, (string?)null), (head.Kind, head.Version, head.Attempts, head.Progress, head.NextAttemptAt, head.CoalesceKey));
        // Stored as of the enqueue (PostgreSQL keeps microseconds, so a margin below).
        Assert.InRange(head.CreatedAt, before.AddMilliseconds(-1), after.AddMilliseconds(1));
        Assert.True(heads[0].Id < heads[1].Id && heads[1].Id < heads[2].Id);
    }

    [Fact]
    public async Task Delivered_RemovesTheHead_AndTheNextOfItsQueueBecomesHead()
    {
        var store = await CreateStoreAsync();
        await store.EnqueueAsync([Post("a", "a1"), Post("b", "b1"), Post("a", "a2")], None);
        var a1 = (await store.HeadsAsync(None))[0];

        await store.DeliveredAsync(a1.Id, a1.Lease, null, T0, None);

        Assert.Equal(["""{"text":"b1"}""", """{"text":"a2"}"""], Payloads(await store.HeadsAsync(None)));
        // An id already delivered (a second replica's late mark, say) changes nothing.
        await store.DeliveredAsync(a1.Id, a1.Lease, 7, T0, None);
        Assert.Equal(2, (await store.DepthAsync(None)).Depth);
    }

    [Fact]
    public async Task Coalescing_KeepsOneMessagePerKey_WhoseVersionOnlyMovesOn_AndWhosePayloadIsTheLatest()
    {
        var store = await CreateStoreAsync();
        await store.EnqueueAsync([Card("card:1", 3, "p3")], None);
        var first = Assert.Single(await store.HeadsAsync(None));
        await store.RetryLaterAsync(first.Id, first.Lease, T0, "rate limited", countAttempt: true, None);

        await store.EnqueueAsync([Card("card:1", 5, "p5")], None);
        await store.EnqueueAsync([Card("card:1", 4, "p4"), Card("card:2", 1)], None);

        var queue = await store.QueueAsync("slack.card:INC-0001", 10, None);
        Assert.Equal(2, queue.Count);
        var card = queue[0];
        Assert.Equal((first.Id, 5L, "p4", "card:1"), (card.Id, card.Version, card.Payload, card.CoalesceKey));
        // Still the same message: its tries, its wait and its age stay.
        Assert.Equal((1, (DateTimeOffset?)T0, first.CreatedAt), (card.Attempts, card.NextAttemptAt, card.CreatedAt));
        Assert.Equal("card:2", queue[1].CoalesceKey);
    }

    [Fact]
    public async Task Delivered_AtTheVersionAskedFor_IsGone()
    {
        var store = await CreateStoreAsync();
        await store.EnqueueAsync([Card("card:1", 4)], None);
        var card = Assert.Single(await store.HeadsAsync(None));

        await store.DeliveredAsync(card.Id, card.Lease, 4, T0, None);

        Assert.Empty(await store.HeadsAsync(None));
        Assert.Equal(new OutboxDepth(0, null), await store.DepthAsync(None));
    }

    [Fact]
    public async Task Delivered_AtALaterVersionThanStored_IsGone()
    {
        var store = await CreateStoreAsync();
        await store.EnqueueAsync([Card("card:1", 4)], None);

        var shown = Assert.Single(await store.HeadsAsync(None));
        await store.DeliveredAsync(shown.Id, shown.Lease, 9, T0, None);

        Assert.Empty(await store.HeadsAsync(None));
    }

    [Fact]
    public async Task Delivered_AtAnOlderVersion_WhenAskedForAgainMeanwhile_GoesToTheEndOfItsQueue_AsANewMessage()
    {
        var store = await CreateStoreAsync();
        await store.EnqueueAsync([Card("card:1", 1, "p1")], None);
        var shown = Assert.Single(await store.HeadsAsync(None));
        await store.RetryLaterAsync(shown.Id, shown.Lease, T0.AddHours(1), "busy", countAttempt: true, None);
        await store.SaveProgressAsync(shown.Id, shown.Lease, "step 1", None);
        // Asked for again while it was being delivered, and another message queued behind it.
        await store.EnqueueAsync([Card("card:1", 2, "p2"), new OutboxMessage("slack.card:INC-0001", "slack.post", "behind")], None);

        await store.DeliveredAsync(shown.Id, shown.Lease, 1, T0, None);

        var queue = await store.QueueAsync("slack.card:INC-0001", 10, None);
        Assert.Equal(["behind", "p2"], Payloads(queue));
        var again = queue[1];
        Assert.True(again.Id > queue[0].Id, "re-queued with a new, later id");
        Assert.Equal(("slack.card", 2L, "card:1"), (again.Kind, again.Version, again.CoalesceKey));
        // A new message: not tried yet, nothing done, stored as of the delivery.
        Assert.Equal((0, (string?)null, (DateTimeOffset?)null, T0), (again.Attempts, again.Progress, again.NextAttemptAt, again.CreatedAt));

        // It coalesces as before: one message for the key.
        await store.EnqueueAsync([Card("card:1", 3, "p3")], None);
        Assert.Equal(["behind", "p3"], Payloads(await store.QueueAsync("slack.card:INC-0001", 10, None)));
    }

    [Fact]
    public async Task Delivered_WithoutAVersion_IsGoneForGood_EvenWhenAskedForAgain()
    {
        var store = await CreateStoreAsync();
        await store.EnqueueAsync([Card("card:1", 1)], None);
        var card = Assert.Single(await store.HeadsAsync(None));
        await store.EnqueueAsync([Card("card:1", 2)], None);

        await store.DeliveredAsync(card.Id, card.Lease, null, T0, None);

        Assert.Empty(await store.HeadsAsync(None));
    }

    [Fact]
    public async Task RetryLater_KeepsTheHead_WithItsNextAttempt_TheReason_AndCountsOnlyCountedAttempts()
    {
        var store = await CreateStoreAsync();
        await store.EnqueueAsync([Post("a", "a1"), Post("a", "a2")], None);
        var head = (await store.HeadsAsync(None))[0];

        await store.RetryLaterAsync(head.Id, head.Lease, T0.AddSeconds(1), "timeout", countAttempt: true, None);
        await store.RetryLaterAsync(head.Id, head.Lease, T0.AddSeconds(2), "room not ready", countAttempt: false, None);
        await store.RetryLaterAsync(head.Id, head.Lease, T0.AddSeconds(3), "ratelimited", countAttempt: true, None);

        var after = Assert.Single(await store.HeadsAsync(None));
        Assert.Equal((head.Id, 2, (DateTimeOffset?)T0.AddSeconds(3)), (after.Id, after.Attempts, after.NextAttemptAt));
        Assert.Equal("ratelimited", (await store.DepthAsync(None)).OldestError);
        var behind = (await store.QueueAsync("a", 2, None))[1];
        Assert.Equal((0, (DateTimeOffset?)null), (behind.Attempts, behind.NextAttemptAt));
    }

    [Fact]
    public async Task Progress_IsSavedOnItsMessageOnly_AndReplacedByTheNext()
    {
        var store = await CreateStoreAsync();
        await store.EnqueueAsync([Post("a", "a1"), Post("b", "b1")], None);
        var heads = await store.HeadsAsync(None);

        await store.SaveProgressAsync(heads[0].Id, heads[0].Lease, """{"posted":1}""", None);
        await store.SaveProgressAsync(heads[0].Id, heads[0].Lease, """{"posted":2}""", None);

        var after = await store.HeadsAsync(None);
        Assert.Equal(["""{"posted":2}""", null], after.Select(h => h.Progress));
    }

    [Fact]
    public async Task Depth_CountsEveryMessage_AndNamesTheOldestByWhenItWasStored()
    {
        var store = await CreateStoreAsync();
        Assert.Equal(new OutboxDepth(0, null), await store.DepthAsync(None));
        await store.EnqueueAsync([Post("a", "a1"), Card("card:1", 1)], None);
        var depth = await store.DepthAsync(None);
        Assert.Equal((2L, "slack.post", "a", (string?)null), (depth.Depth, depth.OldestKind, depth.OldestQueue, depth.OldestError));
        Assert.Equal((await store.HeadsAsync(None))[0].CreatedAt, depth.Oldest);

        // Re-queued as of a time (T0, years ago) before the others were stored: the oldest is by time, not by id.
        var card = (await store.HeadsAsync(None))[1];
        await store.EnqueueAsync([Card("card:1", 2)], None);
        await store.DeliveredAsync(card.Id, card.Lease, 1, T0, None);

        depth = await store.DepthAsync(None);
        Assert.Equal((2L, (DateTimeOffset?)T0, "slack.card", "slack.card:INC-0001"), (depth.Depth, depth.Oldest, depth.OldestKind, depth.OldestQueue));
    }

    [Fact]
    public async Task PostedMessages_AreFoundByKey_AndReplacedWhenSavedAgain()
    {
        var store = await CreateStoreAsync();
        Assert.Null(await store.FindPostedAsync("slack:card:INC-0001", None));

        await store.SavePostedAsync(new PostedMessage("slack:card:INC-0001", "C1", "1764583200.000100", "h1"), None);
        await store.SavePostedAsync(new PostedMessage("slack:board:INC-0001", "C1", "1764583200.000200", "b1"), None);
        await store.SavePostedAsync(new PostedMessage("slack:card:INC-0001", "C2", "1764583200.000300", "h2"), None);

        Assert.Equal(new PostedMessage("slack:card:INC-0001", "C2", "1764583200.000300", "h2"), await store.FindPostedAsync("slack:card:INC-0001", None));
        Assert.Equal("b1", (await store.FindPostedAsync("slack:board:INC-0001", None))!.Hash);
        Assert.Null(await store.FindPostedAsync("teams:card:INC-0001", None));
    }

    [Fact]
    public async Task Messages_EnqueuedByOneStore_AreDeliveredByAnotherOnTheSameDatabase()
    {
        var first = await CreateStoreAsync();
        await first.EnqueueAsync([Post("a", "a1"), Post("a", "a2")], None);
        await first.SavePostedAsync(new PostedMessage("slack:card:INC-0001", "C1", "1.2", "h"), None);
        var second = await CreateStoreAsync();

        var head = Assert.Single(await second.HeadsAsync(None));
        await second.DeliveredAsync(head.Id, head.Lease, null, T0, None);

        Assert.Equal(["""{"text":"a2"}"""], Payloads(await first.QueueAsync("a", 10, None)));
        Assert.Equal("C1", (await second.FindPostedAsync("slack:card:INC-0001", None))!.Conversation);
    }
}
