using IncidentBot.Workflows.Chat;
using IncidentBot.Workflows.Commands;
using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Incidents.Events;
using IncidentBot.Workflows.Tests.Fakes;

namespace IncidentBot.Workflows.Tests.Commands;

public class CommandDispatcherTests
{
    private static async Task<Incident> Load(Room room, long number = 1) =>
        Incident.Replay(new IncidentId(number), await room.Store.ReadAsync(new IncidentId(number), 0, CancellationToken.None));

    [Fact]
    public async Task Start_OpensADeclaredIncident_AndMakesTheChannelItsWarRoom()
    {
        var room = new Room();

        var reply = await room.Say("/incident start sev2 db connections failing").ExpectReply("INC-0001");

        Assert.Contains("This channel is INC-0001's war room", reply.Text, StringComparison.Ordinal);
        var incident = await Load(room);
        Assert.Equal(Phase.Triage, incident.Phase);
        Assert.Equal(Severity.Sev2, incident.Severity);
        Assert.Equal("db connections failing", incident.Title);
        Assert.Contains(reply.Buttons, b => b.Command == "/incident role commander me INC-0001");
    }

    [Fact]
    public async Task StartWithTriageFlag_WaitsInDetected_ForSomeoneToDeclare()
    {
        var room = new Room();
        await room.Say("/incident start --triage 5xx on checkout").ExpectOk();

        Assert.Equal(Phase.Detected, (await Load(room)).Phase);
        await room.Say("/incident declare", "bob").ExpectReply("detected → triage");
        Assert.Equal(Phase.Triage, (await Load(room)).Phase);
    }

    [Fact]
    public async Task Start_WithoutTitle_GetsTheUsage() =>
        await new Room().Say("/incident start sev1").ExpectRefusal("/incident start [sev1-4] [--triage] <title>");

    [Fact]
    public async Task OverlongTitle_IsRefused_WhenStartingAndWhenRenaming()
    {
        var room = new Room();
        var longTitle = new string('x', 201);

        await room.Say($"/incident start {longTitle}").ExpectRefusal("keep it under 200");
        await room.Say("/incident start db down").ExpectOk();
        await room.Say($"/incident title {longTitle}").ExpectRefusal("keep it under 200");
        Assert.Equal("db down", (await Load(room)).Title);
    }

    [Fact]
    public async Task SecondIncidentInABusyChannel_GetsItsOwnRoom_AndTheChannelKeepsTheFirst()
    {
        var room = new Room();
        await room.Say("/incident start db down").ExpectOk();

        await room.Say("/incident start cdn down").ExpectReply("Its war room is `inc-0002`");
        await room.Say("/incident sev3").ExpectReply("INC-0001");
        await room.Say("/incident sev4 INC-0002").ExpectReply("INC-0002");

        Assert.Equal(Severity.Sev3, (await Load(room, 1)).Severity);
        Assert.Equal(Severity.Sev4, (await Load(room, 2)).Severity);
    }

    [Fact]
    public async Task CommandOutsideAnyWarRoom_AsksForAnId() =>
        await new Room().Say("/incident sev1").ExpectRefusal("/incident sev INC-0042");

    [Fact]
    public async Task UnknownIncident_IsRefused() =>
        await new Room().Say("/incident sev1 INC-0099").ExpectRefusal("There is no incident INC-0099");

    [Fact]
    public async Task WholeLifecycle_IsRecorded_WithActorsTimesAndDurations()
    {
        var room = new Room();
        await room.Say("/incident start db connections failing").ExpectOk();
        room.Clock.Advance(TimeSpan.FromMinutes(2));
        await room.Say("/incident recover").ExpectRefusal("needs a commander and a severity");
        await room.PlayAsync("alice", "/incident role commander me", "/incident sev 2", "/incident recover");
        room.Clock.Advance(TimeSpan.FromMinutes(10));
        await room.Say("/incident mitigated").ExpectRefusal("/incident mitigated <what was done>");
        await room.Say("/incident mitigated routed reads to the reader").ExpectReply("recovering → verifying");
        room.Clock.Advance(TimeSpan.FromMinutes(5));
        await room.Say("/incident verify-failed errors again", "bob").ExpectReply("verifying → recovering");
        await room.Say("/incident mitigated moved batch jobs too").ExpectOk();
        room.Clock.Advance(TimeSpan.FromMinutes(15));
        await room.Say("/incident verified", "bob").ExpectReply("verifying → reporting");
        await room.Say("/incident reopen").ExpectRefusal("/incident reopen <reason>");
        await room.Say("/incident close").ExpectRefusal("/incident detected-by");
        room.Clock.Advance(TimeSpan.FromMinutes(30));
        await room.Say("/incident close --no-postmortem minor, no user impact").ExpectReply("closed");

        var incident = await Load(room);
        Assert.Equal(Phase.Closed, incident.Phase);
        Assert.Equal("bob", incident.Verifier);
        Assert.Equal("minor, no user impact", incident.PostmortemWaivedReason);
        var durations = PhaseDurations.Of(incident);
        Assert.Equal(TimeSpan.Zero, durations.ToAcknowledge);
        Assert.Equal(TimeSpan.FromMinutes(12), durations.ToMitigate);
        Assert.Equal(TimeSpan.FromMinutes(32), durations.ToResolve);
        Assert.Equal(TimeSpan.FromMinutes(62), durations.ToClose);
        Assert.Equal(
            ["declare", "startrecovery", "mitigated", "verificationfailed", "mitigated", "verified", "close"],
            incident.Transitions.Select(t => t.Trigger.ToString().ToLowerInvariant()));
    }

    [Fact]
    public async Task FinishedIncident_TakesOnlyNotesCorrectionsAndActionItems()
    {
        var room = new Room();
        await room.PlayAsync("alice", "/incident start --triage noise", "/incident dismiss flapping alarm");

        await room.Say("/incident sev1 INC-0001").ExpectRefusal("only notes, corrections and action items");
        await room.Say("/incident note INC-0001 alarm threshold raised").ExpectOk();
    }

    [Fact]
    public async Task Roles_KeepTheirHandoverHistory()
    {
        var room = new Room();
        await room.PlayAsync("alice", "/incident start db down", "/incident role commander me", "/incident role comms @carol");
        await room.Say("/incident role commander @bob", "alice").ExpectReply("handed over from @alice to @bob");
        await room.Say("/incident role commander bob").ExpectReply("already commander");
        await room.Say("/incident role boss @bob").ExpectRefusal("/incident role <commander|comms|scribe|investigator>");
        await room.PlayAsync("dave", "/incident role investigator me");
        await room.Say("/incident role investigator @dave --remove").ExpectReply("no longer investigating");

        var incident = await Load(room);
        Assert.Equal("bob", incident.Commander);
        Assert.Equal("carol", incident.Communications);
        Assert.Empty(incident.Investigators);
        Assert.Equal(
            [(Role.Commander, null, "alice"), (Role.Communications, null, "carol"), (Role.Commander, "alice", "bob"), (Role.Investigator, null, "dave"), (Role.Investigator, "dave", null)],
            incident.Handovers.Select(h => (h.Role, h.From, h.To)));
    }

    [Fact]
    public async Task Claim_IsRefused_WhenSomeoneElseHoldsTheSameWork()
    {
        var room = new Room();
        await room.Say("/incident start redis down").ExpectOk();
        await room.Say("/incident claim restart the redis primary", "bob").ExpectReply("claimed #1");
        room.Clock.Advance(TimeSpan.FromMinutes(3));

        var refusal = await room.Say("/incident claim Restart redis primary", "carol").ExpectRefusal("@bob has been doing this since 12:00");
        Assert.Contains("#1 \"restart the redis primary\"", refusal.Text, StringComparison.Ordinal);
        await room.Say("/incident claim restart redis primary", "bob").ExpectRefusal("You already hold this work as #1");
        await room.Say("/incident release", "carol").ExpectRefusal("You hold no work");
        await room.Say("/incident release #1", "carol").ExpectRefusal("only they or the commander");
        await room.Say("/incident release", "bob").ExpectReply("free to claim");
        await room.Say("/incident claim restart redis primary", "carol").ExpectReply("claimed #2");
        await room.Say("/incident done", "carol").ExpectRefusal("Say what #2 found");
        await room.Say("/incident done 3 replicas resynced", "carol").ExpectReply("3 replicas resynced");

        var claims = (await Load(room)).Claims;
        Assert.Equal([ClaimOutcome.Released, ClaimOutcome.Done], claims.Select(c => c.Outcome!.Value));
        Assert.Equal("3 replicas resynced", claims[1].Finding);
    }

    [Fact]
    public async Task Claim_IsRefused_ForTheSameWorkInJapanese()
    {
        var room = new Room();
        await room.PlayAsync("alice", "/incident start DB 接続エラー", "/incident claim RDSの接続数を確認");

        await room.Say("/incident claim RDS 接続数を確認する", "bob").ExpectRefusal("@alice has been doing this");
        await room.Say("/incident claim memcachedのCPU使用率を確認", "bob").ExpectOk();
    }

    [Fact]
    public async Task Commander_MayEndSomeoneElsesClaim()
    {
        var room = new Room();
        await room.PlayAsync("alice", "/incident start db down", "/incident role commander me");
        await room.PlayAsync("bob", "/incident claim check slow queries", "/incident claim check replica lag");

        await room.Say("/incident release", "bob").ExpectRefusal("You hold 2 claims");
        await room.Say("/incident release #2", "alice").ExpectReply("released #2");
    }

    [Fact]
    public async Task Hypotheses_AreTrackedWithEvidence()
    {
        var room = new Room();
        await room.PlayAsync("alice", "/incident start manga api errors", "/incident hypothesis memcached saturation", "/incident hypothesis new-connection storm");

        await room.Say("/incident hypothesis rule-out #1").ExpectRefusal("Give the evidence");
        await room.Say("/incident hypothesis confirm #9 x").ExpectRefusal("Name the hypothesis by number (#1, #2)");
        await room.PlayAsync("bob", "/incident hypothesis rule-out #1 errors continue with memcached healthy", "/incident hypothesis confirm 2 ConnectionAttempts spikes match the errors");

        var hypotheses = (await Load(room)).Hypotheses;
        Assert.Equal([HypothesisVerdict.RuledOut, HypothesisVerdict.Confirmed], hypotheses.Select(h => h.Verdict));
        Assert.Equal("errors continue with memcached healthy", hypotheses[0].Evidence);
        await room.Say("/incident hypothesis").ExpectReply("#2 new-connection storm: Confirmed");
    }

    [Fact]
    public async Task BackdatedNote_KeepsBothTimes_AndSortsWhereItHappened()
    {
        var room = new Room();
        await room.Say("/incident start manga api errors").ExpectOk();
        room.Clock.Advance(TimeSpan.FromMinutes(30));

        await room.Say("/incident note --at 11:50 episode 2 went live").ExpectReply("backdated to 2026-01-22 11:50:00 +09:00");
        await room.Say("/incident note --at 2026-01-22T12:45+09:00 later").ExpectRefusal("in the future");
        await room.Say("/incident note --at 12:45 a day earlier").ExpectReply("backdated to 2026-01-21 12:45:00 +09:00");
        await room.Say("/incident note --at noon x").ExpectRefusal("is not a time");

        var events = await room.Store.ReadAsync(new IncidentId(1), 0, CancellationToken.None);
        var note = Assert.IsType<NoteAdded>(events[^2].Event);
        Assert.True(note.Backdated);
        Assert.Equal(Room.Start.AddMinutes(-10), note.OccurredAt);
        Assert.Equal(Room.Start.AddMinutes(30), note.At);
        var timeline = Timeline.TimelineBuilder.Build(events);
        Assert.Equal(["a day earlier", "episode 2 went live"], timeline.Take(2).Select(e => e.Text));
    }

    [Fact]
    public async Task Correction_SupersedesAnEntry_AndKeepsTheOriginal()
    {
        var room = new Room();
        await room.PlayAsync("alice", "/incident start db down", "/incident note failover at 12:10");

        await room.Say("/incident correct #3 failover at 12:01").ExpectReply("corrected entry #3");
        await room.Say("/incident correct #9 x").ExpectRefusal("no timeline entry #9");

        var timeline = Timeline.TimelineBuilder.Build(await room.Store.ReadAsync(new IncidentId(1), 0, CancellationToken.None));
        var original = timeline.Single(e => e.Sequence == 3);
        Assert.Equal("failover at 12:10", original.Text);
        Assert.Equal("failover at 12:01", original.CorrectedText);
        Assert.Equal(4, original.SupersededBy);
    }

    [Fact]
    public async Task ConflictWithAnotherWriter_IsRetried_AndBothChangesAreKept()
    {
        var room = new Room();
        await room.Say("/incident start db down").ExpectOk();
        await room.Say("/incident note warm the cache").ExpectOk();
        room.Store.InterleaveBeforeNextAppend = new SeverityChanged { Actor = "other-replica", At = Room.Start, To = Severity.Sev1 };

        await room.Say("/incident role commander me").ExpectReply("@alice is now commander");

        var incident = await Load(room);
        Assert.Equal(1, room.Store.Conflicts);
        Assert.Equal(Severity.Sev1, incident.Severity);
        Assert.Equal("alice", incident.Commander);
        Assert.Equal(5, incident.Version);
    }

    [Fact]
    public async Task ConcurrentCommands_OnOneIncident_AreAllRecordedInOrder()
    {
        var room = new Room();
        await room.Say("/incident start db down").ExpectOk();

        var replies = await Task.WhenAll(Enumerable.Range(0, 64).Select(i =>
            Task.Run(() => room.Dispatcher.HandleAsync(new CommandRequest($"/incident note n{i}", $"user{i % 8}", RoomAddress.Local(room.Channel)), CancellationToken.None))));

        Assert.All(replies, r => Assert.True(r.Ok));
        var events = await room.Store.ReadAsync(new IncidentId(1), 0, CancellationToken.None);
        Assert.Equal(Enumerable.Range(1, 66).Select(i => (long)i), events.Select(e => e.Sequence));
        Assert.Equal(64, events.Select(e => e.Event).OfType<NoteAdded>().Select(n => n.Text).Distinct().Count());
    }

    [Fact]
    public async Task Help_ListsEveryVerb_AndOneVerbsUsage()
    {
        var room = new Room();
        var all = await room.Say("/incident help").ExpectOk();
        Assert.All(Verbs.All, v => Assert.Contains(v.Usage, all.Text, StringComparison.Ordinal));
        await room.Say("/incident help claim").ExpectReply("/incident claim <what you will do>");
    }

    [Fact]
    public async Task List_ShowsOpenIncidents()
    {
        var room = new Room();
        await room.PlayAsync("alice", "/incident start sev1 db down", "/incident start --triage disk full", "/incident dismiss INC-0002 false alarm");

        var open = await room.Say("/incident list").ExpectReply("INC-0001 · SEV1 · triage · db down");
        Assert.DoesNotContain("INC-0002", open.Text, StringComparison.Ordinal);
        await room.Say("/incident list --all").ExpectReply("INC-0002 · SEV? · dismissed · disk full");
    }
}
