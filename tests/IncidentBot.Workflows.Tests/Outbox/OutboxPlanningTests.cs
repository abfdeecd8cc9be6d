using IncidentBot.Workflows.Chat;
using IncidentBot.Workflows.Commands;
using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Outbox;
using IncidentBot.Workflows.Tests.Fakes;

namespace IncidentBot.Workflows.Tests.OutboxPlanning;

/// <summary>The dispatcher asks planners what to post and stores it with the events, in the same append.</summary>
public sealed class OutboxPlanningTests
{
    private sealed class Recorder : IOutboxPlanner
    {
        private readonly OutboxPolicy _rooms = new([new ChatPlatform("slack", "Slack") { OpensRooms = true }]);

        public List<(long Version, string? Reply, RoomAddress? AnsweredIn)> Asked { get; } = [];

        public IEnumerable<OutboxMessage> Plan(Incident after, IReadOnlyList<IncidentEvent> events, BotMessage? reply, RoomAddress? answeredIn)
        {
            Asked.Add((after.Version, reply?.Text, answeredIn));
            yield return new OutboxMessage($"room:{after.Id}", "post", $"{after.Version}:{string.Join(',', events.Select(e => e.Kind))}");
        }

        public ChatPlatform? RoomOwner(RoomAddress? room, string? startedOn) => _rooms.RoomOwner(room, startedOn);
    }

    private static readonly RoomAddress SlackC1 = new("slack", "C1");

    private static (CommandDispatcher Dispatcher, FakeIncidentStore Store, Recorder Planner) Build()
    {
        var store = new FakeIncidentStore();
        var planner = new Recorder();
        var dispatcher = new CommandDispatcher(store, new ManualClock(Room.Start), TimeZoneInfo.Utc, [], planner: planner);
        return (dispatcher, store, planner);
    }

    [Fact]
    public async Task What_a_command_must_post_is_stored_in_its_own_append()
    {
        var (dispatcher, store, planner) = Build();
        await dispatcher.HandleAsync(new CommandRequest("/incident start sev2 db down", "alice", null) { OpensOwnRoom = true }, CancellationToken.None);
        await dispatcher.HandleAsync(new CommandRequest("/incident role commander me INC-0001", "alice", SlackC1) { AnsweredIn = SlackC1 }, CancellationToken.None);

        Assert.StartsWith("opened", store.Outbox[0].Payload.Split(':')[1], StringComparison.Ordinal);
        var append = store.Appends[^1];
        var message = Assert.Single(append.Outbox);
        Assert.Equal($"{append.Events[^1].Sequence}:role", message.Payload);
        Assert.Equal(SlackC1, planner.Asked[^1].AnsweredIn);
        Assert.Contains("commander", planner.Asked[^1].Reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_command_stores_nothing_to_post()
    {
        var (dispatcher, store, _) = Build();
        await dispatcher.HandleAsync(new CommandRequest("/incident start sev2 db down", "alice", null), CancellationToken.None);
        var before = store.Outbox.Count;
        var reply = await dispatcher.HandleAsync(new CommandRequest("/incident mitigated INC-0001 rolled back", "alice", null), CancellationToken.None);
        Assert.False(reply.Ok);
        Assert.Equal(before, store.Outbox.Count);
    }

    [Fact]
    public async Task A_start_that_opens_its_own_room_says_so_and_does_not_take_the_channel()
    {
        var (dispatcher, _, _) = Build();
        var reply = await dispatcher.HandleAsync(new CommandRequest("/incident start sev2 db down", "alice", new RoomAddress("slack", "CGENERAL")) { OpensOwnRoom = true }, CancellationToken.None);
        Assert.Contains("war room channel is being opened", reply.Text, StringComparison.Ordinal);
        var again = await dispatcher.HandleAsync(new CommandRequest("/incident status", "alice", new RoomAddress("slack", "CGENERAL")), CancellationToken.None);
        Assert.False(again.Ok);
    }
}
