using IncidentBot.Workflows.Chat;
using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Incidents.Events;
using IncidentBot.Workflows.Lifecycle;

namespace IncidentBot.Tests.Storage;

/// <summary>
/// What every event store must do. Each implementation runs this suite by deriving from it and
/// saying how to make a fresh, empty store.
/// </summary>
public abstract class IncidentStoreContract
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 22, 3, 22, 0, TimeSpan.Zero);
    private static readonly CancellationToken None = CancellationToken.None;

    protected abstract Task<IIncidentStore> CreateStoreAsync();

    private static IncidentOpened Opened(string title = "db down", string? channel = null) =>
        new() { Actor = "alice", At = T0, Title = title, Room = channel is null ? null : new RoomAddress("slack", channel) };

    private static NoteAdded Note(string text) => new() { Actor = "bob", At = T0, Text = text, OccurredAt = T0 };

    private static Append Next(Incident state, params IncidentEvent[] events)
    {
        var recorded = events.Select((e, i) => new RecordedEvent(state.Id, state.Version + 1 + i, Guid.NewGuid(), e)).ToList();
        var before = (state.Version, state.LastEventId);
        foreach (var r in recorded)
        {
            state.Apply(r);
        }

        return new Append(state.Id, before.Version, before.LastEventId, recorded, IncidentSummary.Of(state));
    }

    [Fact]
    public async Task Open_AllocatesIncreasingNumbers_AndSequencesFromOne()
    {
        var store = await CreateStoreAsync();

        var first = await store.OpenAsync([Opened("a"), Note("n")], null, null, None);
        var second = await store.OpenAsync([Opened("b")], null, null, None);

        Assert.Equal([1L, 2L], first.Select(e => e.Sequence));
        Assert.True(second[0].Incident.Number > first[0].Incident.Number);
        var read = await store.ReadAsync(first[0].Incident, 0, None);
        Assert.Equal(first.Select(e => e.EventId), read.Select(e => e.EventId));
        Assert.Equal("n", Assert.IsType<NoteAdded>(read[1].Event).Text);
    }

    [Fact]
    public async Task Events_RoundTripWithEveryField()
    {
        var store = await CreateStoreAsync();
        var opened = await store.OpenAsync([Opened()], null, null, None);
        var state = Incident.Replay(opened[0].Incident, opened);
        var events = new IncidentEvent[]
        {
            new PhaseChanged { Actor = "alice", At = T0, Trigger = Trigger.Declare, From = Phase.Detected, To = Phase.Triage, Reason = "real" },
            new SeverityChanged { Actor = "alice", At = T0, To = Severity.Sev1 },
            new RoleAssigned { Actor = "alice", At = T0, Role = Role.Commander, User = "田中" },
            new WorkClaimed { Actor = "bob", At = T0, Claim = 1, What = "RDSの接続数を確認" },
            new ClaimEnded { Actor = "bob", At = T0, Claim = 1, Outcome = ClaimOutcome.Done, Finding = "4x" },
            new HypothesisRaised { Actor = "bob", At = T0, Hypothesis = 1, Text = "storm" },
            new HypothesisTested { Actor = "bob", At = T0, Hypothesis = 1, Verdict = HypothesisVerdict.RuledOut, Evidence = "no" },
            new NoteAdded { Actor = "bob", At = T0, Text = "early", OccurredAt = T0.AddMinutes(-5), Backdated = true },
            new EntryCorrected { Actor = "bob", At = T0, Supersedes = 9, Text = "earlier" },
        };

        await store.AppendAsync(Next(state, events), None);

        var read = await store.ReadAsync(state.Id, 1, None);
        Assert.Equal(events, read.Select(e => e.Event));
    }

    [Fact]
    public async Task Append_IsRefused_WhenTheIncidentMovedOn_AndWritesNothing()
    {
        var store = await CreateStoreAsync();
        var opened = await store.OpenAsync([Opened()], null, null, None);
        var mine = Incident.Replay(opened[0].Incident, opened);
        var theirs = Incident.Replay(opened[0].Incident, opened);
        await store.AppendAsync(Next(theirs, Note("theirs")), None);

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => store.AppendAsync(Next(mine, Note("mine 1"), Note("mine 2")), None));

        var read = await store.ReadAsync(opened[0].Incident, 0, None);
        Assert.Equal(["theirs"], read.Select(e => e.Event).OfType<NoteAdded>().Select(n => n.Text));
    }

    [Fact]
    public async Task Append_IsRefused_WhenTheVersionMatchesButTheLastEventIsAnother()
    {
        var store = await CreateStoreAsync();
        var opened = await store.OpenAsync([Opened()], null, null, None);
        var mine = Incident.Replay(opened[0].Incident, opened);
        var theirs = Incident.Replay(opened[0].Incident, opened);
        await store.AppendAsync(Next(theirs, Note("theirs")), None);
        var lost = Next(mine, Note("decided on a write that never landed"));

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => store.AppendAsync(Next(mine, Note("on top of it")), None));
        Assert.Equal(2, (await store.ReadAsync(opened[0].Incident, 0, None)).Count);
        GC.KeepAlive(lost);
    }

    [Fact]
    public async Task Appends_SubmittedBackToBack_CommitInOrder()
    {
        var store = await CreateStoreAsync();
        var opened = await store.OpenAsync([Opened()], null, null, None);
        var state = Incident.Replay(opened[0].Incident, opened);

        var pending = Enumerable.Range(0, 200).Select(i => store.AppendAsync(Next(state, Note($"n{i}")), None)).ToList();
        await Task.WhenAll(pending);

        var notes = (await store.ReadAsync(state.Id, 0, None)).Select(e => e.Event).OfType<NoteAdded>().Select(n => n.Text);
        Assert.Equal(Enumerable.Range(0, 200).Select(i => $"n{i}"), notes);
    }

    [Fact]
    public async Task ReadAfterSequence_ReturnsOnlyNewerEvents()
    {
        var store = await CreateStoreAsync();
        var opened = await store.OpenAsync([Opened(), Note("a"), Note("b")], null, null, None);

        var newer = await store.ReadAsync(opened[0].Incident, 2, None);

        Assert.Equal([3L], newer.Select(e => e.Sequence));
        Assert.Empty(await store.ReadAsync(new IncidentId(999), 0, None));
    }

    [Fact]
    public async Task Room_BelongsToOneOpenIncident_AndIsFreedWhenItFinishes()
    {
        var store = await CreateStoreAsync();
        var first = await store.OpenAsync([Opened("a", "room")], null, null, None);

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => store.OpenAsync([Opened("b", "room")], null, null, None));
        Assert.Equal(first[0].Incident, (await store.FindByRoomAsync(new RoomAddress("slack", "room"), None))!.Id);

        var state = Incident.Replay(first[0].Incident, first);
        await store.AppendAsync(Next(state, new PhaseChanged { Actor = "alice", At = T0, Trigger = Trigger.Dismiss, From = Phase.Detected, To = Phase.Dismissed }), None);
        Assert.Equal(Phase.Dismissed, (await store.FindByRoomAsync(new RoomAddress("slack", "room"), None))!.Phase);

        var second = await store.OpenAsync([Opened("c", "room")], null, null, None);
        Assert.Equal(second[0].Incident, (await store.FindByRoomAsync(new RoomAddress("slack", "room"), None))!.Id);
        Assert.Null(await store.FindByRoomAsync(new RoomAddress("slack", "elsewhere"), None));

        // Rooms are told apart by platform as well: the same conversation id on another platform is another room.
        Assert.Null(await store.FindByRoomAsync(new RoomAddress("teams", "room"), None));
        Assert.Equal(new RoomAddress("slack", "room"), (await store.FindByRoomAsync(new RoomAddress("slack", "room"), None))!.Room);
    }

    [Fact]
    public async Task List_ShowsOpenIncidents_OrAll_NewestFirst()
    {
        var store = await CreateStoreAsync();
        var a = await store.OpenAsync([Opened("a")], null, null, None);
        var b = await store.OpenAsync([Opened("b")], null, null, None);
        var state = Incident.Replay(a[0].Incident, a);
        await store.AppendAsync(Next(state,
            new SeverityChanged { Actor = "alice", At = T0, To = Severity.Sev2 },
            new PhaseChanged { Actor = "alice", At = T0, Trigger = Trigger.Dismiss, From = Phase.Detected, To = Phase.Dismissed }), None);

        var open = await store.ListAsync(includeFinished: false, None);
        var all = await store.ListAsync(includeFinished: true, None);

        Assert.Equal([b[0].Incident], open.Select(s => s.Id));
        Assert.Equal([b[0].Incident, a[0].Incident], all.Select(s => s.Id));
        Assert.Equal((Severity?)Severity.Sev2, all[1].Severity);
        Assert.Equal(3, all[1].Version);
    }

    [Fact]
    public async Task Page_GivesAtMostTheLimit_NewestFirst_WithTheTotal_AndContinuesFromItsCursor()
    {
        var store = await CreateStoreAsync();
        for (var i = 0; i < 5; i++)
        {
            await store.OpenAsync([Opened($"incident {i}")], null, null, None);
        }

        var first = await store.PageAsync(includeFinished: true, limit: 2, before: null, None);
        var second = await store.PageAsync(includeFinished: true, limit: 2, before: first.NextBefore, None);
        var last = await store.PageAsync(includeFinished: true, limit: 2, before: second.NextBefore, None);

        Assert.Equal([5, 4], first.Items.Select(s => s.Id.Number));
        Assert.Equal([3, 2], second.Items.Select(s => s.Id.Number));
        Assert.Equal([1], last.Items.Select(s => s.Id.Number));
        Assert.Null(last.NextBefore);
        Assert.All([first, second, last], page => Assert.Equal(5, page.Total));
        Assert.Null((await store.PageAsync(includeFinished: true, limit: 5, before: null, None)).NextBefore);
    }

    [Fact]
    public async Task Delivery_IsRecordedWithItsEvents_AndASecondOneIsRefusedWhole()
    {
        var store = await CreateStoreAsync();
        var opened = await store.OpenAsync([Opened()], id => new Delivery("slack:Ev1", $"opened {id}"), null, None);
        var state = Incident.Replay(opened[0].Incident, opened);
        await store.AppendAsync(Next(state, Note("first")) with { Delivery = new Delivery("api:k1", "noted") }, None);

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => store.AppendAsync(Next(state, Note("again")) with { Delivery = new Delivery("api:k1", "noted") }, None));
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => store.OpenAsync([Opened("twice")], _ => new Delivery("slack:Ev1", "x"), null, None));

        Assert.Equal($"opened {opened[0].Incident}", await store.FindDeliveryAsync("slack:Ev1", None));
        Assert.Equal("noted", await store.FindDeliveryAsync("api:k1", None));
        Assert.Null(await store.FindDeliveryAsync("api:unknown", None));
        Assert.Equal(2, (await store.ReadAsync(opened[0].Incident, 0, None)).Count);
        Assert.Single(await store.ListAsync(includeFinished: true, None));
    }

    [Fact]
    public async Task Pruning_ForgetsOnlyDeliveryKeysOlderThanTheCutoff_AndKeepsTheirEvents()
    {
        var store = await CreateStoreAsync();
        var opened = await store.OpenAsync([Opened()], null, null, None);
        var state = Incident.Replay(opened[0].Incident, opened);
        await store.AppendAsync(Next(state, Note("old")) with { Delivery = new Delivery("slack:old", "noted") }, None);
        var later = new NoteAdded { Actor = "bob", At = T0.AddDays(3), Text = "new", OccurredAt = T0.AddDays(3) };
        await store.AppendAsync(Next(state, later) with { Delivery = new Delivery("slack:new", "noted") }, None);

        Assert.Equal(1, await store.PruneDeliveriesAsync(T0.AddDays(1), None));

        Assert.Null(await store.FindDeliveryAsync("slack:old", None));
        Assert.Equal("noted", await store.FindDeliveryAsync("slack:new", None));
        Assert.Equal(3, (await store.ReadAsync(opened[0].Incident, 0, None)).Count);
        Assert.Equal(0, await store.PruneDeliveriesAsync(T0.AddDays(1), None));
    }

    [Fact]
    public async Task Store_IsReady() =>
        Assert.True(await (await CreateStoreAsync()).IsReadyAsync(None));
}
