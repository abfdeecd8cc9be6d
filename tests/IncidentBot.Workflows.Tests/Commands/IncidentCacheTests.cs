using IncidentBot.Workflows.Chat;
using IncidentBot.Workflows.Commands;
using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Tests.Fakes;
using IncidentBot.Workflows.Timeline;

namespace IncidentBot.Workflows.Tests.Commands;

/// <summary>The dispatcher's in-memory incidents stay bounded by count and idle time, and a dropped one answers exactly as before.</summary>
public sealed class IncidentCacheTests
{
    private readonly FakeIncidentStore _store = new();
    private readonly ManualClock _clock = new(Room.Start);
    private readonly CommandDispatcher _dispatcher;

    public IncidentCacheTests() =>
        _dispatcher = new CommandDispatcher(_store, _clock, TimeZoneInfo.Utc, [], cacheLimits: new IncidentCacheLimits(MaxIncidents: 3, MaxIdleMinutes: 10));

    private async Task<BotMessage> SayAsync(string text, string channel = "web")
    {
        var reply = await _dispatcher.HandleAsync(new CommandRequest(text, "alice", RoomAddress.Local(channel)), CancellationToken.None);
        Assert.True(reply.Ok, reply.Text);
        return reply;
    }

    [Fact]
    public async Task More_incidents_than_the_limit_keep_at_most_the_limit_in_memory_and_every_answer_stays_right()
    {
        for (var i = 1; i <= 10; i++)
        {
            await SayAsync($"/incident start incident {i}", $"room-{i}");
            await SayAsync($"/incident note first note of {i} INC-{i:D4}");
            Assert.InRange(_dispatcher.CachedIncidents, 1, 3);
        }

        // INC-0001 was dropped long ago: it is folded again from the store, and its next note lands after the first.
        await SayAsync("/incident note second note of 1 INC-0001");
        var timeline = TimelineBuilder.Build(await _store.ReadAsync(new IncidentId(1), 0, CancellationToken.None));
        Assert.Equal(["first note of 1", "second note of 1"], timeline.Where(e => e.Kind == "note").Select(e => e.Text));
        Assert.InRange(_dispatcher.CachedIncidents, 1, 3);
    }

    [Fact]
    public async Task Incidents_unused_past_the_idle_limit_are_dropped_at_the_next_sweep()
    {
        await SayAsync("/incident start first", "room-1");
        await SayAsync("/incident start second", "room-2");
        await SayAsync("/incident note one INC-0001");
        await SayAsync("/incident note two INC-0002");
        Assert.Equal(2, _dispatcher.CachedIncidents);

        _clock.Advance(TimeSpan.FromMinutes(11));
        await SayAsync("/incident note still going INC-0002");

        Assert.Equal(1, _dispatcher.CachedIncidents);
        await SayAsync("/incident note back again INC-0001");
        Assert.Equal(2, _dispatcher.CachedIncidents);
    }
}
