using IncidentBot.Storage.Postgres;
using IncidentBot.Tests.Support;
using IncidentBot.Workflows.Chat;
using IncidentBot.Workflows.Commands;
using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Incidents.Events;
using Microsoft.Extensions.Time.Testing;

namespace IncidentBot.Tests.Storage;

/// <summary>
/// Commands decided under the incident's lock on PostgreSQL (<see cref="ILockedAppendStore"/>): two
/// replicas' dispatchers on one incident both get every command in, none refused; a command that
/// breaks its group fails alone; a delivery answered on one replica is replayed on the other.
/// </summary>
public sealed class PostgresLockedAppendTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly PostgresTestStores _stores = new();
    private PostgresIncidentStore? _a;
    private PostgresIncidentStore? _b;

    public async Task InitializeAsync()
    {
        _a = await _stores.CreateAsync();
        _b = await _stores.CreateAsync();
    }

    public async Task DisposeAsync() => await _stores.DisposeAsync();

    private CommandDispatcher Dispatcher(PostgresIncidentStore store) => new(store, _clock, TimeZoneInfo.Utc, []);

    private async Task<IncidentId> OpenAsync() =>
        (await _a!.OpenAsync([new IncidentOpened { Actor = "alice", At = _clock.GetUtcNow(), Title = "db down" }], null, null, None))[0].Incident;

    private Func<Incident, Decision> Note(string text) =>
        _ => Decision.Record(IncidentDecider.Aside("noted"), new NoteAdded { Actor = "bob", At = _clock.GetUtcNow(), Text = text, OccurredAt = _clock.GetUtcNow() });

    private async Task<List<string>> NotesAsync(IncidentId id) =>
        [.. (await _b!.ReadAsync(id, 0, None)).Select(e => e.Event).OfType<NoteAdded>().Select(n => n.Text)];

    [Fact]
    public async Task Two_replicas_hammering_one_incident_each_get_every_command_in_and_none_is_refused()
    {
        var id = await OpenAsync();
        var (a, b) = (Dispatcher(_a!), Dispatcher(_b!));
        var replies = await Task.WhenAll(Enumerable.Range(0, 200).Select(i =>
            Task.Run(() => (i % 2 == 0 ? a : b).RecordAsync(id, null, Note($"note {i}"), None))));

        Assert.All(replies, r => Assert.True(r.Recorded, r.Text));
        Assert.Equal(Enumerable.Range(0, 200).Select(i => $"note {i}").Order(), (await NotesAsync(id)).Order());
        var log = await _a!.ReadAsync(id, 0, None);
        Assert.Equal(Enumerable.Range(1, 201).Select(n => (long)n), log.Select(e => e.Sequence));

        // Each replica's cached state caught up with the other's appends: the next command on either follows event 201.
        Assert.True((await a.RecordAsync(id, null, Note("after, on A"), None)).Recorded);
        Assert.True((await b.RecordAsync(id, null, Note("after, on B"), None)).Recorded);
        Assert.Equal(203, (await _a.ReadAsync(id, 0, None)).Count);
    }

    [Fact]
    public async Task A_command_that_throws_while_deciding_fails_alone_and_the_rest_of_its_group_commits()
    {
        var id = await OpenAsync();
        var a = Dispatcher(_a!);
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => Task.Run(async () =>
        {
            try
            {
                await a.RecordAsync(id, null, i == 7 ? _ => throw new InvalidOperationException("decider broke") : Note($"note {i}"), None);
                return "recorded";
            }
            catch (InvalidOperationException ex)
            {
                return ex.Message;
            }
        })));

        Assert.Equal(29, outcomes.Count(o => o == "recorded"));
        Assert.Equal("decider broke", Assert.Single(outcomes, o => o != "recorded"));
        Assert.Equal(29, (await NotesAsync(id)).Count);
        Assert.True((await a.RecordAsync(id, null, Note("next"), None)).Recorded);
        Assert.Equal(31, (await _b!.ReadAsync(id, 0, None)).Count);
    }

    [Fact]
    public async Task A_delivery_answered_through_one_replica_is_replayed_through_the_other_and_within_a_group()
    {
        var id = await OpenAsync();
        var (a, b) = (Dispatcher(_a!), Dispatcher(_b!));
        Assert.True((await a.RecordAsync(id, "slack:Ev1", Note("once"), None)).Recorded);

        var again = await b.RecordAsync(id, "slack:Ev1", Note("once"), None);
        Assert.True(again.Replayed);

        // The same delivery ten times at once on one replica: the group it lands in records it once.
        var burst = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(() => a.RecordAsync(id, "slack:Ev2", Note("twice?"), None))));
        Assert.Single(burst, r => r.Recorded);
        Assert.Equal(9, burst.Count(r => r.Replayed));
        Assert.Equal(["once", "twice?"], await NotesAsync(id));
    }

    [Fact]
    public async Task A_locked_commit_hands_over_what_another_replica_appended_and_never_writes_an_append_that_does_not_follow()
    {
        var id = await OpenAsync();
        var b = Dispatcher(_b!);
        Assert.True((await b.RecordAsync(id, null, Note("from B"), None)).Recorded);

        LockedRead? seen = null;
        await _a!.CommitLockedAsync(id, 1, ["slack:nothing"], read => { seen = read; return []; }, None);
        Assert.Equal("from B", Assert.IsType<NoteAdded>(Assert.Single(seen!.Newer).Event).Text);
        Assert.Empty(seen.Answered);

        // Decided as if the log were still at event 1: a caller's mistake, refused with nothing written.
        var state = Incident.Replay(id, (await _a.ReadAsync(id, 0, None)).Take(1).ToList());
        var stale = new Append(id, 1, state.LastEventId, [new RecordedEvent(id, 2, Guid.CreateVersion7(), new NoteAdded { Actor = "x", At = _clock.GetUtcNow(), Text = "late", OccurredAt = _clock.GetUtcNow() })], IncidentSummary.Of(state));
        await Assert.ThrowsAsync<InvalidOperationException>(() => _a.CommitLockedAsync(id, 1, [], _ => [stale], None));
        Assert.Equal(["from B"], await NotesAsync(id));

        // A copy ahead of the log (it folded events that never committed) is refused before anything is
        // decided: written on, it would leave a gap no replica could replay. The row lock is released.
        var decided = false;
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => _a.CommitLockedAsync(id, 5, [], _ => { decided = true; return []; }, None));
        Assert.False(decided);
        Assert.True((await b.RecordAsync(id, null, Note("still writable"), None)).Recorded);
        Assert.Equal(Enumerable.Range(1, 3).Select(n => (long)n), (await _a.ReadAsync(id, 0, None)).Select(e => e.Sequence));
    }

    [Fact]
    public async Task A_read_asks_the_store_again_when_another_replica_says_it_changed_the_incident_or_after_a_second()
    {
        var id = await OpenAsync();
        var (a, b) = (Dispatcher(_a!), Dispatcher(_b!));
        Assert.True((await a.RecordAsync(id, null, Note("on A"), None)).Recorded);
        Assert.True((await b.RecordAsync(id, null, Note("on B"), None)).Recorded);

        // A's last commit read the log; nothing said B wrote since, so A answers from memory within the second.
        Assert.Equal(2L, await VersionAsync(a, id));

        a.ChangedElsewhere(id); // B's relayed notice
        Assert.Equal(3L, await VersionAsync(a, id));

        Assert.True((await b.RecordAsync(id, null, Note("on B, notice lost"), None)).Recorded);
        Assert.Equal(3L, await VersionAsync(a, id));
        _clock.Advance(CommandDispatcher.TrustedFor);
        Assert.Equal(4L, await VersionAsync(a, id));

        Assert.True((await b.RecordAsync(id, null, Note("on B, while A was not listening"), None)).Recorded);
        a.MissedElsewhere();
        Assert.Equal(5L, await VersionAsync(a, id));
    }

    private static async Task<long> VersionAsync(CommandDispatcher dispatcher, IncidentId id) =>
        (long)(await dispatcher.ReadAsync<object>(id, state => state.Version, None))!;

    [Fact]
    public async Task Commands_on_several_incidents_through_two_replicas_all_land_each_log_in_order()
    {
        var ids = new[] { await OpenAsync(), await OpenAsync(), await OpenAsync(), await OpenAsync() };
        var (a, b) = (Dispatcher(_a!), Dispatcher(_b!));
        var replies = await Task.WhenAll(Enumerable.Range(0, 240).Select(i =>
            Task.Run(() => (i % 2 == 0 ? a : b).RecordAsync(ids[i / 2 % 4], null, Note($"note {i}"), None))));

        Assert.All(replies, r => Assert.True(r.Recorded, r.Text));
        foreach (var (id, k) in ids.Select((id, k) => (id, k)))
        {
            var log = await _b!.ReadAsync(id, 0, None);
            Assert.Equal(Enumerable.Range(1, 61).Select(n => (long)n), log.Select(e => e.Sequence));
            Assert.Equal(Enumerable.Range(0, 240).Where(i => i / 2 % 4 == k).Select(i => $"note {i}").Order(), log.Select(e => e.Event).OfType<NoteAdded>().Select(n => n.Text).Order());
        }
    }

    [Fact]
    public async Task Incidents_waiting_together_share_one_transaction_and_one_that_cannot_commit_does_not_hold_back_the_others()
    {
        var (held, late, fine) = (await OpenAsync(), await OpenAsync(), await OpenAsync());
        var stateOfFine = Incident.Replay(fine, await _a!.ReadAsync(fine, 0, None));

        // The first transaction waits inside its decision, so the next two queue up meanwhile and share the next one.
        using var entered = new SemaphoreSlim(0);
        using var release = new SemaphoreSlim(0);
        var first = _a.CommitLockedAsync(held, 1, [], _ => { entered.Release(); release.Wait(TimeSpan.FromSeconds(30)); return []; }, None);
        Assert.True(await entered.WaitAsync(TimeSpan.FromSeconds(10)));
        var ahead = _a.CommitLockedAsync(late, 7, [], _ => [], None); // a copy ahead of the log
        var note = new NoteAdded { Actor = "bob", At = _clock.GetUtcNow(), Text = "fine", OccurredAt = _clock.GetUtcNow() };
        var recorded = new RecordedEvent(fine, 2, Guid.CreateVersion7(), note);
        Task? quiet = null;
        var quietDecided = false;
        var written = _a.CommitLockedAsync(fine, 1, [], _ => [new Append(fine, 1, stateOfFine.LastEventId, [recorded], IncidentSummary.Of(stateOfFine))], None);
        // Decided while the call before it is still uncommitted: only if both are in one transaction.
        quiet = _a.CommitLockedAsync(held, 1, [], _ => { quietDecided = !written.IsCompleted; return []; }, None);
        release.Release();

        await first;
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => ahead);
        await written;
        await quiet;
        Assert.True(quietDecided, "the two calls queued together were decided in one transaction");
        Assert.Equal(["fine"], (await _b!.ReadAsync(fine, 0, None)).Select(e => e.Event).OfType<NoteAdded>().Select(n => n.Text));
    }

    [Fact]
    public async Task A_command_that_would_give_an_incident_a_room_another_open_incident_holds_is_refused_in_plain_words()
    {
        var room = new RoomAddress("slack", "C0TAKEN");
        await _a!.OpenAsync([new IncidentOpened { Actor = "alice", At = _clock.GetUtcNow(), Title = "first", Room = room }], null, null, None);
        var second = await OpenAsync();
        var a = Dispatcher(_a);

        var reply = await a.RecordAsync(second, null, _ => Decision.Record(IncidentDecider.Aside(""), new WarRoomOpened { Actor = "incidentbot", At = _clock.GetUtcNow(), Room = room, Name = "inc-0002" }), None);

        Assert.False(reply.Ok);
        Assert.Contains("Nothing was recorded", reply.Text, StringComparison.Ordinal);
        Assert.Contains("another open incident already has that room", reply.Text, StringComparison.Ordinal);
        Assert.True((await a.RecordAsync(second, null, Note("still writable"), None)).Recorded);
        Assert.Equal(["still writable"], await NotesAsync(second));
    }
}
