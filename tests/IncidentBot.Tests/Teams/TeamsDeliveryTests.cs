using IncidentBot.FakeTeams;
using IncidentBot.Tests.Support;

namespace IncidentBot.Tests.Teams;

/// <summary>
/// Delivery to Teams when Teams misbehaves: down for a while, 429 with Retry-After, 412 and 5xx,
/// the bot restarted mid-delivery, conversations the bot was removed from. Every message arrives
/// once and in order, or is dropped with a log line that says why and what to do; nothing sits stuck.
/// </summary>
public sealed class TeamsDeliveryTests : IAsyncLifetime
{
    private readonly TempDatabase _database = new();
    private TeamsHarness _teams = null!;

    public async Task InitializeAsync() => _teams = await TeamsHarness.StartAsync(_database);

    public async Task DisposeAsync()
    {
        try
        {
            await _teams.AssertCardsValidAsync();
        }
        finally
        {
            await _teams.DisposeAsync();
            _database.Dispose();
        }
    }

    private static List<string> Said(FakeConversation room, string prefix) =>
        [.. room.Messages.Select(m => m.Text).Where(t => t.Contains(prefix, StringComparison.Ordinal))];

    [Fact]
    public async Task Teams_down_and_a_restart_mid_delivery_lose_nothing_and_post_nothing_twice()
    {
        _teams.Teams.Down = true;
        await _teams.SayAsync("incident start sev2 checkout errors");
        await Eventually.HoldsAsync(() => _teams.Teams.Calls.Count(c => c.Status == 503) >= 2, "the bot to try while Teams is down");

        // The bot restarts while Teams is still down; then Teams comes back.
        await _teams.RestartAsync();
        _teams.Teams.Down = false;
        var thread = await _teams.ThreadAsync("INC-0001");
        await _teams.QuietAsync("the backlog delivered");

        // Now a burst of hypotheses while Teams answers 429 (Retry-After), 412, 502, 503 and 504.
        _teams.Teams.FailNext(429, 1, retryAfterSeconds: 2);
        foreach (var status in new[] { 412, 502, 503, 504 })
        {
            _teams.Teams.FailNext(status);
        }

        for (var i = 1; i <= 6; i++)
        {
            await _teams.SayAsync($"hypothesis cache node {i} is cold", thread, mention: true);
        }

        await _teams.QuietAsync("the hypotheses posted");
        Assert.Single(_teams.Incidents.Messages, m => m.Text.Contains("INC-0001", StringComparison.Ordinal));
        Assert.Single(_teams.AliceChat.Messages);

        // The card, the work board, then each hypothesis once, in the order they were typed.
        var hypotheses = Said(thread, "Hypothesis #");
        Assert.Equal([.. Enumerable.Range(1, 6).Select(i => $"node {i}")], hypotheses.Select(a => System.Text.RegularExpressions.Regex.Match(a, @"node \d").Value));
        Assert.Equal(2 + 6, thread.Messages.Count);
        Assert.Contains(_teams.Teams.Calls, c => c.Status == 412);
        Assert.Empty(_teams.Teams.Limited);
    }

    [Theory]
    [InlineData(403, "removed")]
    [InlineData(404, "is gone")]
    public async Task A_conversation_that_refuses_the_bot_drops_its_messages_with_advice_and_holds_up_nothing(int status, string advice)
    {
        _teams.AliceChat.Refuse = status;
        await _teams.SayAsync("incident start sev2 checkout errors");
        var thread = await _teams.ThreadAsync("INC-0001");
        await _teams.QuietAsync("the refused answer dropped");

        Assert.Empty(_teams.AliceChat.Messages);
        Assert.Contains(_teams.Logs.Lines, l => l.Message.Contains("Dropped", StringComparison.Ordinal) && l.Message.Contains(advice, StringComparison.OrdinalIgnoreCase) && l.Message.Contains(_teams.AliceChat.Id, StringComparison.Ordinal));

        // The room keeps working while Alice's chat refuses.
        await _teams.SayAsync("hypothesis the room still works", thread, mention: true);
        await Eventually.HoldsAsync(() => Said(thread, "still works").Count == 1, "the room's post");
    }

    [Fact]
    public async Task Five_hundred_events_into_one_room_never_push_the_bot_past_the_conversation_limit()
    {
        await _teams.SayAsync("incident start sev2 checkout errors");
        var thread = await _teams.ThreadAsync("INC-0001");
        await _teams.QuietAsync();
        var before = _teams.Teams.Calls.Count;

        // 500 activities as fast as the test can send them: every tenth a hypothesis (a post in the room), the rest chatter.
        await Parallel.ForAsync(0, 500, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
        {
            if (i % 10 == 0)
            {
                await _teams.SayAsync($"hypothesis shard {i} is hot", thread, mention: true);
            }
            else
            {
                await _teams.SayAsync($"looking at shard {i}", thread, TeamsHarness.Bob);
            }
        });

        await Eventually.HoldsAsync(() => TeamsHarness.Count(thread, "Hypothesis #") >= 12, "a dozen hypotheses posted");
        var sends = _teams.Teams.Calls.Skip(before).Where(c => c.Conversation == thread.Id).Select(c => c.At).ToList();
        Assert.Empty(_teams.Teams.Limited);
        Assert.All(sends, at => Assert.True(sends.Count(t => t >= at && t - at < TimeSpan.FromSeconds(1)) <= 7, "more than 7 calls in one second"));
        Assert.Equal(50, (await _teams.IncidentAsync("INC-0001")).GetProperty("hypotheses").GetArrayLength());
    }
}
