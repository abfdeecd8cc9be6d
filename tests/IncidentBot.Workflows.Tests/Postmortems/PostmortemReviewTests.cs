using IncidentBot.Workflows.Commands;
using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Incidents.Events;
using IncidentBot.Workflows.Lifecycle;
using IncidentBot.Workflows.Postmortems;
using IncidentBot.Workflows.Tests.Fakes;

namespace IncidentBot.Workflows.Tests.Postmortems;

public class PostmortemReviewTests
{
    private readonly Room _room = new();

    private async Task<Incident> Load() =>
        Incident.Replay(new IncidentId(1), await _room.Store.ReadAsync(new IncidentId(1), 0, CancellationToken.None));

    private async Task ToReportingAsync() =>
        await _room.PlayAsync("alice", "/incident start sev2 db down", "/incident role commander me", "/incident recover",
            "/incident mitigated failed over", "/incident verified");

    [Fact]
    public async Task Postmortem_GoesThroughReview_BeforeTheIncidentCloses()
    {
        await _room.Say("/incident start sev2 db down").ExpectOk();
        await _room.Say("/incident postmortem review").ExpectRefusal("reviewed once it reaches reporting");
        await _room.PlayAsync("alice", "/incident role commander me", "/incident recover", "/incident mitigated failed over", "/incident verified");
        await _room.Say("/incident close").ExpectRefusal("depends on what nobody has said yet");
        await _room.PlayAsync("alice", "/incident detected-by person slow pages on the admin console", "/incident impact none: admin only");

        await _room.Say("/incident close").ExpectRefusal("needs a postmortem (it is a draft)");
        await _room.Say("/incident postmortem review").ExpectRefusal("/incident reviewer @name");
        await _room.Say("/incident reviewer @bob @carol").ExpectReply("Postmortem reviewers: @bob, @carol");
        await _room.Say("/incident reviewer bob").ExpectReply("Already reviewing");
        await _room.Say("/incident postmortem publish").ExpectRefusal("The postmortem is a draft; it goes draft → in review → approved → published.");
        await _room.Say("/incident postmortem review").ExpectReply("a draft → in review");
        await _room.Say("/incident postmortem approve", "dave").ExpectRefusal("Only its reviewers (@bob, @carol)");
        await _room.Say("/incident postmortem approve", "alice").ExpectRefusal("had a hand in this postmortem");
        await _room.Say("/incident postmortem approve", "carol").ExpectReply("in review → approved");
        await _room.Say("/incident close").ExpectRefusal("/incident postmortem publish");
        await _room.Say("/incident postmortem publish").ExpectRefusal("/incident postmortem write root-cause <text>");
        foreach (var section in PostmortemSections.Required)
        {
            await _room.Say($"/incident postmortem write {section} n/a a drill: nothing to say about {section}").ExpectOk();
        }

        await _room.Say("/incident postmortem publish").ExpectRefusal("The postmortem is in review");
        await _room.Say("/incident postmortem approve", "bob").ExpectReply("in review → approved");
        await _room.Say("/incident postmortem publish").ExpectReply("approved → published");
        await _room.Say("/incident close").ExpectReply("reporting → closed");

        var incident = await Load();
        Assert.Equal(PostmortemStatus.Published, incident.PostmortemStatus);
        Assert.Equal(["bob", "carol"], incident.Reviewers);
    }

    [Fact]
    public async Task ReviewMessage_WarnsAboutBlame()
    {
        await ToReportingAsync();
        await _room.PlayAsync("bob", "/incident hypothesis @dave broke the pool settings");
        await _room.Say("/incident reviewer @carol").ExpectOk();

        await _room.Say("/incident postmortem review").ExpectReply("Blameless: \"@dave broke the pool settings\" names a person as the cause.");
    }

    [Fact]
    public void IncidentThatNeedsNoPostmortem_ClosesWithTheBotsReasonOnRecord()
    {
        var t0 = Room.Start;
        var events = new IncidentEvent[]
        {
            new IncidentOpened { Actor = "incidentbot", At = t0, Title = "disk alarm", Source = "alertmanager" },
            new PhaseChanged { Actor = "alice", At = t0, Trigger = Trigger.Declare, From = Phase.Detected, To = Phase.Triage },
            new RoleAssigned { Actor = "alice", At = t0, Role = Role.Commander, User = "alice" },
            new SeverityChanged { Actor = "alice", At = t0, To = Severity.Sev4 },
            new PhaseChanged { Actor = "alice", At = t0, Trigger = Trigger.StartRecovery, From = Phase.Triage, To = Phase.Recovering },
            new PhaseChanged { Actor = "alice", At = t0.AddMinutes(5), Trigger = Trigger.Mitigated, From = Phase.Recovering, To = Phase.Verifying, Reason = "cleared tmp" },
            new PhaseChanged { Actor = "bob", At = t0.AddMinutes(8), Trigger = Trigger.Verified, From = Phase.Verifying, To = Phase.Reporting },
            new ImpactWindowSet { Actor = "bob", At = t0.AddMinutes(8), None = true },
        };
        var incident = Incident.Replay(new IncidentId(1), events.Select((e, i) => new RecordedEvent(new IncidentId(1), i + 1, Guid.NewGuid(), e)));
        var (close, _) = CommandParser.Parse("/incident close");

        var decision = IncidentDecider.Decide(incident, close!, new CommandContext("alice", t0.AddMinutes(9), TimeZoneInfo.Utc));

        var waived = Assert.IsType<PostmortemWaived>(decision.Events[0]);
        Assert.StartsWith("not required: none of the criteria apply", waived.Reason, StringComparison.Ordinal);
        Assert.Equal(Phase.Closed, Assert.IsType<PhaseChanged>(decision.Events[1]).To);
    }

    [Fact]
    public async Task ActionItems_HaveAnOwnerAndADueDate_AndAreListedAcrossIncidents()
    {
        await ToReportingAsync();

        await _room.Say("/incident action add a new-connections alarm").ExpectRefusal("needs an owner (@name)");
        await _room.Say("/incident action add a new-connections alarm @bob").ExpectRefusal("needs a due date (due 2026-02-01)");
        await _room.Say("/incident action add an alarm @bob due 1st-feb").ExpectRefusal("is not a date");
        await _room.Say("/incident action add an alarm @bob due 2026-01-01").ExpectRefusal("has already passed");
        await _room.Say("/incident action \"add a new-connections alarm\" @bob due 2026-02-01").ExpectReply("Action #1: add a new-connections alarm — @bob, due 2026-02-01.");
        await _room.Say("/incident action route batch reads to the reader me due 2026-01-22").ExpectReply("Action #2");
        await _room.Say("/incident start cdn down", "carol").ExpectOk();
        await _room.Say("/incident action purge runbook @carol due 2026-03-01 INC-0002", "carol").ExpectOk();

        _room.Clock.Advance(TimeSpan.FromDays(1));
        var list = await _room.Say("/incident actions").ExpectReply("OVERDUE INC-0001 #2 route batch reads to the reader — @alice, due 2026-01-22");
        Assert.Equal(3, list.Text.Split('\n').Length);

        await _room.Say("/incident action cancel #1").ExpectRefusal("Say why");
        await _room.Say("/incident action done #2 batch jobs use the reader").ExpectReply("action #2 done");
        await _room.Say("/incident action done #2").ExpectRefusal("already done");
        await _room.Say("/incident action cancel #1 covered by the new dashboard").ExpectReply("action #1 cancelled");
        await _room.Say("/incident actions").ExpectReply("INC-0002 #1 purge runbook");

        var incident = await Load();
        var draft = PostmortemBuilder.Build(incident, await _room.Store.ReadAsync(new IncidentId(1), 0, CancellationToken.None), _room.Clock.Now, new PostmortemOptions());
        var items = draft.Sections.Single(s => s.Key == "action-items");
        Assert.Contains("- #2 route batch reads to the reader — @alice, due 2026-01-22 (done)", items.Facts, StringComparison.Ordinal);
        Assert.Null(items.Prompt);
    }
}
