using System.Net.Http.Json;
using IncidentBot.FakeSlack;
using IncidentBot.Tests.Support;

namespace IncidentBot.Tests.Slack;

/// <summary>Slack having a bad minute, or the bot restarting, never loses or repeats a message.</summary>
public sealed class SlackOutboxTests : IAsyncLifetime
{
    private readonly TempDatabase _database = new();
    private SlackHarness _slack = null!;
    private FakeChannel _room = null!;

    public async Task InitializeAsync()
    {
        _slack = await SlackHarness.StartAsync(_database);
        await _slack.CommandAsync("start sev2 checkout errors");
        _room = await _slack.RoomAsync(1);
    }

    public async Task DisposeAsync()
    {
        await _slack.DisposeAsync();
        _database.Dispose();
    }

    /// <summary>A change made on the local war room page: the Slack room learns of it only through the outbox.</summary>
    private async Task SayOnPageAsync(string text)
    {
        using var response = await _slack.Client.PostAsJsonAsync("/api/commands", new { text, user = "carol", channel = "web" });
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Everything posted in the room other than the card and the board (its first two messages, kept current in place).</summary>
    private string Posted() => string.Join("\n", _room.Messages.Skip(2).Select(m => m.Text));

    private int Times(string words) => Posted().Split(words).Length - 1;

    [Fact]
    public async Task While_slack_is_down_messages_wait_and_then_arrive_once_in_order()
    {
        _slack.Slack.Down = true;
        await SayOnPageAsync("/incident role commander me INC-0001");
        await SayOnPageAsync("/incident claim INC-0001 check the payment gateway");
        await SayOnPageAsync("/incident hypothesis INC-0001 gateway TLS certificate expired");
        await SlackHarness.EventuallyAsync(() => _slack.Slack.Calls.Count(c => c.Method == "chat.postMessage") > 3, "the bot to keep trying");
        Assert.Equal("", Posted());
        Assert.Matches(@"incidentbot_outbox_depth [1-9]", await _slack.Client.GetStringAsync(new Uri("/metrics", UriKind.Relative)));

        _slack.Slack.Down = false;
        await SlackHarness.EventuallyAsync(() => Times("certificate expired") == 1, "all three posts");
        await Task.Delay(300);
        var posted = Posted();
        Assert.Equal(1, Times("is now commander"));
        Assert.Equal(1, Times("check the payment gateway"));
        Assert.True(posted.IndexOf("is now commander", StringComparison.Ordinal) < posted.IndexOf("check the payment gateway", StringComparison.Ordinal));
        Assert.True(posted.IndexOf("check the payment gateway", StringComparison.Ordinal) < posted.IndexOf("certificate expired", StringComparison.Ordinal));

        // What waited during the outage went out as one message, not three in a row.
        var combined = Assert.Single(_room.Messages.Skip(2), m => m.Text.Contains("certificate expired", StringComparison.Ordinal));
        Assert.Contains("is now commander", combined.Text, StringComparison.Ordinal);
        await SlackHarness.EventuallyAsync(async () => (await _slack.Client.GetStringAsync(new Uri("/metrics", UriKind.Relative))).Contains("incidentbot_outbox_depth 0\n", StringComparison.Ordinal), "an empty outbox");
        await SlackHarness.EventuallyAsync(() => _room.Messages[1].Blocks!.Contains("check the payment gateway", StringComparison.Ordinal), "the board to show the claim");
    }

    [Fact]
    public async Task A_restart_while_slack_is_down_delivers_everything_once_in_order()
    {
        _slack.Slack.Down = true;
        await SayOnPageAsync("/incident role commander me INC-0001");
        await SayOnPageAsync("/incident claim INC-0001 drain node 7");
        await _slack.RestartAsync();
        _slack.Slack.Down = false;
        await SlackHarness.EventuallyAsync(() => Times("drain node 7") == 1, "both posts after the restart");
        await Task.Delay(300);
        Assert.Equal(1, Times("is now commander"));
        Assert.Equal(1, Times("drain node 7"));
        Assert.True(Posted().IndexOf("is now commander", StringComparison.Ordinal) < Posted().IndexOf("drain node 7", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_post_whose_answer_was_lost_is_found_in_the_history_not_posted_twice()
    {
        _slack.Slack.LoseAnswerOnce("chat.postMessage");
        await SayOnPageAsync("/incident claim INC-0001 roll back deploy 4411");
        await SlackHarness.EventuallyAsync(() => _slack.Slack.CallsOf("conversations.history").Count > 0, "the bot to look for its post");
        await Task.Delay(300);
        Assert.Equal(1, Times("roll back deploy 4411"));
    }

    [Fact]
    public async Task After_a_429_a_method_waits_as_long_as_slack_said()
    {
        _slack.Slack.RetryAfter = TimeSpan.FromSeconds(1);
        _slack.Slack.PerMinute["chat.update"] = 1;
        await SayOnPageAsync("/incident summary INC-0001 card payments fail for 30% of users");
        await SlackHarness.EventuallyAsync(() => _slack.Slack.CallsOf("chat.update").Count >= 1, "the first update");
        await SayOnPageAsync("/incident impact INC-0001 checkout fails for a third of users");
        await SlackHarness.EventuallyAsync(() => _slack.Slack.RateLimited.Count >= 1, "a 429");
        var limited = _slack.Slack.RateLimited[0].At;
        await Task.Delay(1500);
        var next = _slack.Slack.CallsOf("chat.update").Where(c => c.At > limited).ToList();
        Assert.All(next, c => Assert.True(c.At - limited >= TimeSpan.FromSeconds(0.95), $"chat.update called {(c.At - limited).TotalMilliseconds:0} ms after a 429 asking for 1 s"));
    }

    [Fact]
    public async Task A_refused_room_is_retried_and_opened_once_the_workspace_allows_it()
    {
        _slack.Slack.FailOnce("conversations.create", "restricted_action");
        var answer = await _slack.CommandAsync("start sev3 queue backlog");
        Assert.Contains("INC-0002", answer["text"]!.GetValue<string>(), StringComparison.Ordinal);
        var room = await _slack.RoomAsync(2);
        Assert.Equal("inc-0002-queue-backlog", room.Name);
        Assert.Equal(2, _slack.Slack.CallsOf("conversations.create").Count(c => c.Arg("name") == "inc-0002-queue-backlog"));
    }

    [Fact]
    public async Task A_taken_channel_name_gets_the_next_one()
    {
        _slack.Slack.AddChannel("inc-0002-checkout-errors-again");
        await _slack.CommandAsync("start sev3 checkout errors again");
        var room = await _slack.RoomAsync(2);
        Assert.Equal("inc-0002-checkout-errors-again-2", room.Name);
    }

    [Fact]
    public async Task A_burst_of_changes_never_posts_to_the_room_faster_than_its_interval()
    {
        await using var paced = await SlackHarness.StartAsync(new TempDatabase(), ("Slack:ChannelIntervalSeconds", "0.25"));
        await paced.CommandAsync("start sev2 burst");
        var room = await paced.RoomAsync(1);
        var start = DateTimeOffset.UtcNow;
        await Task.WhenAll(Enumerable.Range(1, 100).Select(async i =>
            (await paced.EventAsync(SlackHarness.Message(room.Id, SlackHarness.Bob, $"observation {i}", $"1763850000.{i:D6}"))).Dispose()));
        for (var i = 1; i <= 5; i++)
        {
            using var response = await paced.Client.PostAsJsonAsync("/api/commands", new { text = $"/incident claim INC-0001 check shard {i}", user = "carol", channel = "web" });
        }

        await SlackHarness.EventuallyAsync(() => room.Messages[1].Blocks!.Contains("check shard 5", StringComparison.Ordinal), "the board to catch up");
        var calls = paced.Slack.Calls.Where(c => c.At >= start && c.Method is "chat.postMessage" or "chat.update" && c.Arg("channel") == room.Id).OrderBy(c => c.At).ToList();
        for (var i = 1; i < calls.Count; i++)
        {
            Assert.True(calls[i].At - calls[i - 1].At >= TimeSpan.FromSeconds(0.24), $"two messages to the room {(calls[i].At - calls[i - 1].At).TotalMilliseconds:0} ms apart");
        }

        // 100 messages and 5 claims: a handful of card and board updates, not one per change.
        Assert.True(calls.Count(c => c.Method == "chat.update") < 30, $"{calls.Count(c => c.Method == "chat.update")} updates");
    }
}
