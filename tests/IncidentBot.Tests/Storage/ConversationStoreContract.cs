using IncidentBot.WarRoom;

namespace IncidentBot.Tests.Storage;

/// <summary>
/// What every store of the web page's conversations must do: batches kept once per request key, pages
/// read newest-first but given oldest-first, and each viewer sees only what is theirs to see. Each
/// implementation runs this suite by deriving from it and saying how to make a store.
/// </summary>
public abstract class ConversationStoreContract
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);
    private static readonly CancellationToken None = CancellationToken.None;

    protected abstract Task<IConversationStore> CreateStoreAsync();

    private static ConversationEntry Said(string room, string user, string said, ConversationPrivacy privacy = ConversationPrivacy.Public, string? key = null, int minute = 0) =>
        new(0, room, T0.AddMinutes(minute), user, said, $$"""{"text":"re {{said}}"}""", privacy) { RequestKey = key };

    private static Task<IReadOnlyList<ConversationEntry>> AllAsync(IConversationStore store, string room, string? viewer) =>
        store.ReadAsync(room, 0, long.MaxValue, 500, viewer, None);

    [Fact]
    public async Task Append_KeepsABatch_InOrder_AndSaysWhichRoomsGotAnExchange()
    {
        var store = await CreateStoreAsync();

        var rooms = await store.AppendAsync([Said("ops", "alice", "one", minute: 1), Said("db", "bob", "two"), Said("ops", "alice", "three", minute: 2)], None);

        Assert.Equal(["ops", "db", "ops"], rooms);
        var ops = await AllAsync(store, "ops", null);
        Assert.Equal(["one", "three"], ops.Select(e => e.Said));
        Assert.True(ops[0].Seq > 0 && ops[1].Seq > ops[0].Seq);
        var first = ops[0];
        Assert.Equal(("ops", T0.AddMinutes(1), "alice", """{"text":"re one"}""", ConversationPrivacy.Public), (first.Room, first.At, first.User, first.ReplyJson, first.Privacy));
        Assert.Equal(["two"], (await AllAsync(store, "db", null)).Select(e => e.Said));
    }

    [Fact]
    public async Task Append_KeepsARetriedRequestOnce_InALaterBatchOrTheSameOne()
    {
        var store = await CreateStoreAsync();
        await store.AppendAsync([Said("ops", "alice", "note a", key: "api:alice:k1")], None);

        var rooms = await store.AppendAsync(
            [Said("ops", "alice", "note a", key: "api:alice:k1"), Said("db", "bob", "note b", key: "api:bob:k2"), Said("db", "bob", "note b", key: "api:bob:k2")], None);

        Assert.Equal(["db"], rooms);
        Assert.Single(await AllAsync(store, "ops", null));
        Assert.Single(await AllAsync(store, "db", null));
        Assert.Empty(await store.AppendAsync([Said("ops", "alice", "note a", key: "api:alice:k1")], None));
    }

    [Fact]
    public async Task Append_KeepsEveryExchangeWithoutARequestKey()
    {
        var store = await CreateStoreAsync();

        await store.AppendAsync([Said("ops", "slack-user", "same"), Said("ops", "slack-user", "same")], None);
        await store.AppendAsync([Said("ops", "slack-user", "same")], None);

        Assert.Equal(3, (await AllAsync(store, "ops", null)).Count);
    }

    [Fact]
    public async Task Read_GivesTheNewestWithinTheLimit_OldestFirst_BetweenAfterAndBefore()
    {
        var store = await CreateStoreAsync();
        await store.AppendAsync([.. Enumerable.Range(1, 5).Select(i => Said("ops", "alice", $"m{i}", minute: i)), Said("db", "bob", "elsewhere")], None);
        var seqs = (await AllAsync(store, "ops", null)).Select(e => e.Seq).ToList();

        Assert.Equal(["m4", "m5"], (await store.ReadAsync("ops", 0, long.MaxValue, 2, null, None)).Select(e => e.Said));
        Assert.Equal(["m2", "m3"], (await store.ReadAsync("ops", 0, seqs[3], 2, null, None)).Select(e => e.Said));
        Assert.Equal(["m4", "m5"], (await store.ReadAsync("ops", seqs[2], long.MaxValue, 10, null, None)).Select(e => e.Said));
        Assert.Equal(["m3"], (await store.ReadAsync("ops", seqs[1], seqs[3], 10, null, None)).Select(e => e.Said));
        Assert.Empty(await store.ReadAsync("ops", seqs[4], long.MaxValue, 10, null, None));
        Assert.Empty(await store.ReadAsync("nowhere", 0, long.MaxValue, 10, null, None));
    }

    [Fact]
    public async Task Read_ShowsEachViewerThePublicExchanges_AndOnlyTheirOwnPrivateRepliesAndKeys()
    {
        var store = await CreateStoreAsync();
        await store.AppendAsync(
        [
            Said("ops", "alice", "status", key: "api:alice:1"),
            Said("ops", "bob", "note x", ConversationPrivacy.ReplyToSender, "api:bob:2"),
            Said("ops", "bob", "resolve", ConversationPrivacy.SenderOnly, "api:bob:3"),
        ], None);

        var nobody = await AllAsync(store, "ops", null);
        Assert.Equal(["status", "note x"], nobody.Select(e => e.Said));
        Assert.Equal([@"{""text"":""re status""}", null], nobody.Select(e => e.ReplyJson));
        Assert.All(nobody, e => Assert.Null(e.RequestKey));

        var alice = await AllAsync(store, "ops", "alice");
        Assert.Equal(["status", "note x"], alice.Select(e => e.Said));
        Assert.Equal([@"{""text"":""re status""}", null], alice.Select(e => e.ReplyJson));
        Assert.Equal(["api:alice:1", null], alice.Select(e => e.RequestKey));

        // The sender, however the name is cased, sees all of theirs.
        var bob = await AllAsync(store, "ops", "BOB");
        Assert.Equal(["status", "note x", "resolve"], bob.Select(e => e.Said));
        Assert.Equal([@"{""text"":""re status""}", @"{""text"":""re note x""}", @"{""text"":""re resolve""}"], bob.Select(e => e.ReplyJson));
        Assert.Equal([null, "api:bob:2", "api:bob:3"], bob.Select(e => e.RequestKey));
        Assert.Equal(ConversationPrivacy.SenderOnly, bob[2].Privacy);
    }

    [Fact]
    public async Task Read_CountsTheLimitInWhatTheViewerMaySee()
    {
        var store = await CreateStoreAsync();
        await store.AppendAsync([Said("ops", "alice", "public"), Said("ops", "bob", "refused 1", ConversationPrivacy.SenderOnly), Said("ops", "bob", "refused 2", ConversationPrivacy.SenderOnly)], None);

        Assert.Equal(["public"], (await store.ReadAsync("ops", 0, long.MaxValue, 1, "carol", None)).Select(e => e.Said));
        Assert.Equal(["refused 2"], (await store.ReadAsync("ops", 0, long.MaxValue, 1, "bob", None)).Select(e => e.Said));
    }
}
