using IncidentBot.Workflows.Chat;
using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Incidents.Events;
using IncidentBot.Workflows.Lifecycle;
using IncidentBot.Workflows.Outbox;

namespace IncidentBot.Workflows.Tests.OutboxPlanning;

/// <summary>One policy for every platform: one room per incident, announced everywhere, queues and kinds named by platform.</summary>
public sealed class OutboxPolicyTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 10, 0, 0, TimeSpan.Zero);
    private static readonly ChatPlatform Slack = new("slack", "Slack") { OpensRooms = true, Announces = true };
    private static readonly ChatPlatform Teams = new("teams", "Microsoft Teams") { OpensRooms = true, Announces = true };
    private static readonly OutboxPolicy Both = new([Slack, Teams]);

    private static (Incident After, IReadOnlyList<IncidentEvent> Events) Opened(bool declared, string? startedOn = null, RoomAddress? room = null)
    {
        List<IncidentEvent> events = [new IncidentOpened { Actor = "alice", At = T0, Title = "db down", RoomPlatform = startedOn, Room = room }];
        if (declared)
        {
            events.Add(new PhaseChanged { Actor = "alice", At = T0, Trigger = Trigger.Declare, From = Phase.Detected, To = Phase.Triage });
        }

        return (Incident.Replay(new IncidentId(7), [.. events.Select((e, i) => new RecordedEvent(new IncidentId(7), i + 1, Guid.NewGuid(), e))]), events);
    }

    private static string[] Kinds(IEnumerable<OutboxMessage> messages) => [.. messages.Select(m => m.Kind).Order(StringComparer.Ordinal)];

    [Fact]
    public void A_start_elsewhere_gets_one_room_on_the_primary_and_a_notice_on_the_other()
    {
        var (after, events) = Opened(declared: true);
        var planned = Both.Plan(after, events, null, null).ToList();
        Assert.Equal(["slack.room", "teams.notice"], Kinds(planned));
        Assert.Equal("slack:INC-0007", planned.Single(m => m.Kind == "slack.room").Queue);
    }

    [Fact]
    public void A_start_on_a_platform_that_opens_rooms_gets_its_room_there()
    {
        var (after, events) = Opened(declared: true, startedOn: "teams");
        Assert.Equal(["slack.notice", "teams.room"], Kinds(Both.Plan(after, events, null, null)));
        Assert.Equal("teams", Both.RoomOwner(null, "teams")!.Name);
        Assert.Equal("slack", Both.RoomOwner(null, "web")!.Name);
    }

    [Fact]
    public void A_detected_incident_is_only_announced_and_its_replies_wait_in_its_own_queue()
    {
        var (after, events) = Opened(declared: false);
        Assert.Equal(["slack.notice", "teams.notice"], Kinds(Both.Plan(after, events, null, null)));

        var resolved = new BotMessage { Incident = after.Id, Text = "All alerts resolved." };
        var later = Both.Plan(after, [new AlertsReceived { Actor = "alertmanager", At = T0, Alerts = [] }], resolved, null).ToList();
        var post = Assert.Single(later);
        Assert.Equal(("slack:INC-0007", "slack.post"), (post.Queue, post.Kind));
    }

    [Fact]
    public void Without_an_announcement_channel_a_reply_about_an_incident_with_no_room_is_not_planned()
    {
        var quiet = new OutboxPolicy([Slack with { Announces = false }]);
        var (detected, _) = Opened(declared: false);
        var said = new BotMessage { Incident = detected.Id, Text = "All alerts resolved." };
        Assert.Empty(quiet.Plan(detected, [new AlertsReceived { Actor = "alertmanager", At = T0, Alerts = [] }], said, null));

        // Declared: its room is coming, so the reply waits for it in the room's queue.
        var (declared, _) = Opened(declared: true);
        Assert.Equal(["slack.card", "slack.post"], Kinds(quiet.Plan(declared, [new NoteAdded { Actor = "bob", At = T0, Text = "x", OccurredAt = T0 }], said, null)));
    }

    [Fact]
    public void A_room_on_the_local_page_is_nobody_elses()
    {
        var (after, events) = Opened(declared: true, room: RoomAddress.Local("ops"));
        Assert.Empty(Both.Plan(after, events, new BotMessage { Text = "ok" }, null));
        Assert.Null(Both.RoomOwner(RoomAddress.Local("ops"), null));
    }

    [Fact]
    public void Refreshes_are_one_pending_per_platform_and_keys_carry_the_platform()
    {
        var (after, _) = Opened(declared: true);
        var refresh = Both.Plan(after, [new NoteAdded { Actor = "bob", At = T0, Text = "x", OccurredAt = T0 }], null, null).ToList();
        Assert.Equal(["slack.card", "teams.card"], Kinds(refresh));
        Assert.All(refresh, m => Assert.Equal(m.Queue, m.CoalesceKey));
        Assert.NotEqual(OutboxNames.Posted("slack", "card", after.Id), OutboxNames.Posted("teams", "card", after.Id));
    }

    [Fact]
    public void A_primary_that_is_not_configured_is_refused_with_the_ones_that_are()
    {
        var error = Assert.Throws<ArgumentException>(() => new OutboxPolicy([Slack], "teams"));
        Assert.Contains("slack", error.Message, StringComparison.Ordinal);
        Assert.Equal("teams", new OutboxPolicy([Slack, Teams], "Teams").Primary!.Name);
    }
}
