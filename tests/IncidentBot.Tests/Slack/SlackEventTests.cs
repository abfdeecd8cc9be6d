using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using IncidentBot.FakeSlack;
using IncidentBot.Tests.Support;

namespace IncidentBot.Tests.Slack;

/// <summary>What people do in a war room reaches the timeline: messages, edits, deletions, pins, mentions.</summary>
public sealed class SlackEventTests : IAsyncLifetime
{
    private readonly TempDatabase _database = new();
    private SlackHarness _slack = null!;
    private FakeChannel _room = null!;

    public async Task InitializeAsync()
    {
        _slack = await SlackHarness.StartAsync(_database);
        await _slack.CommandAsync("start sev3 search is slow");
        _room = await _slack.RoomAsync(1);
    }

    public async Task DisposeAsync()
    {
        await _slack.DisposeAsync();
        _database.Dispose();
    }

    private async Task<List<JsonElement>> TimelineAsync()
    {
        var timeline = await new ChatRoom(_slack.Client).GetJsonAsync("/api/incidents/INC-0001/timeline");
        return [.. timeline.EnumerateArray()];
    }

    private static string Text(JsonElement entry) => entry.GetProperty("text").GetString()!;

    [Fact]
    public async Task Messages_become_timeline_entries_once_however_often_slack_retries()
    {
        var message = SlackHarness.Message(_room.Id, SlackHarness.Bob, "p99 on <@UALICE001|alice>'s dashboard is 4 s &amp; rising", "1763850000.000200");
        (await _slack.EventAsync(message.DeepClone().AsObject(), "EvMSG1")).Dispose();
        (await _slack.EventAsync(message.DeepClone().AsObject(), "EvMSG1", retry: 1)).Dispose();
        (await _slack.EventAsync(message.DeepClone().AsObject(), "EvMSG1", retry: 2)).Dispose();

        var entries = (await TimelineAsync()).Where(e => Text(e).Contains("dashboard", StringComparison.Ordinal)).ToList();
        var entry = Assert.Single(entries);
        Assert.Equal("p99 on @alice's dashboard is 4 s & rising", Text(entry));
        Assert.Equal("bob", entry.GetProperty("actor").GetString());
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1763850000), entry.GetProperty("occurredAt").GetDateTimeOffset());
        Assert.Equal($"https://slack.com/archives/{_room.Id}/p1763850000000200", entry.GetProperty("link").GetString());
    }

    [Fact]
    public async Task The_bots_own_messages_joins_and_other_channels_are_not_recorded()
    {
        var before = (await TimelineAsync()).Count;
        var bot = SlackHarness.Message(_room.Id, FakeSlackServer.BotUser, "card", "1763850000.000300");
        bot["bot_id"] = "B0001";
        (await _slack.EventAsync(bot)).Dispose();
        var join = SlackHarness.Message(_room.Id, SlackHarness.Bob, "<@UBOB00001> has joined the channel", "1763850000.000301");
        join["subtype"] = "channel_join";
        (await _slack.EventAsync(join)).Dispose();
        (await _slack.EventAsync(SlackHarness.Message(_slack.General.Id, SlackHarness.Bob, "lunch?", "1763850000.000302"))).Dispose();
        Assert.Equal(before, (await TimelineAsync()).Count);
    }

    [Fact]
    public async Task Edits_and_deletions_are_recorded_as_corrections_that_keep_the_original()
    {
        (await _slack.EventAsync(SlackHarness.Message(_room.Id, SlackHarness.Bob, "restarted search-3", "1763850000.000400"))).Dispose();
        (await _slack.EventAsync(new JsonObject
        {
            ["type"] = "message",
            ["subtype"] = "message_changed",
            ["channel"] = _room.Id,
            ["ts"] = "1763850001.000000",
            ["message"] = new JsonObject { ["type"] = "message", ["user"] = SlackHarness.Bob, ["text"] = "restarted search-4 (not 3)", ["ts"] = "1763850000.000400" },
            ["previous_message"] = new JsonObject { ["type"] = "message", ["user"] = SlackHarness.Bob, ["text"] = "restarted search-3", ["ts"] = "1763850000.000400" },
        })).Dispose();
        (await _slack.EventAsync(SlackHarness.Message(_room.Id, SlackHarness.Bob, "oops wrong room", "1763850000.000401"))).Dispose();
        (await _slack.EventAsync(new JsonObject
        {
            ["type"] = "message",
            ["subtype"] = "message_deleted",
            ["hidden"] = true,
            ["channel"] = _room.Id,
            ["ts"] = "1763850002.000000",
            ["deleted_ts"] = "1763850000.000401",
            ["previous_message"] = new JsonObject { ["type"] = "message", ["user"] = SlackHarness.Bob, ["text"] = "oops wrong room", ["ts"] = "1763850000.000401" },
        })).Dispose();

        var timeline = await TimelineAsync();
        var edited = timeline.Single(e => Text(e) == "restarted search-3");
        Assert.Equal("restarted search-4 (not 3)", edited.GetProperty("correctedText").GetString());
        var deleted = timeline.Single(e => Text(e) == "oops wrong room");
        Assert.True(deleted.GetProperty("deleted").GetBoolean());
    }

    [Fact]
    public async Task A_pushpin_reaction_or_a_pin_marks_a_key_event_for_the_postmortem()
    {
        (await _slack.EventAsync(SlackHarness.Message(_room.Id, SlackHarness.Bob, "found it: the index rebuild started 14:02", "1763850000.000500"))).Dispose();
        (await _slack.EventAsync(SlackHarness.Message(_room.Id, SlackHarness.Alice, "rebuild paused", "1763850000.000501"))).Dispose();
        (await _slack.EventAsync(new JsonObject
        {
            ["type"] = "reaction_added",
            ["user"] = SlackHarness.Alice,
            ["reaction"] = "pushpin",
            ["item"] = new JsonObject { ["type"] = "message", ["channel"] = _room.Id, ["ts"] = "1763850000.000500" },
            ["event_ts"] = "1763850003.000000",
        })).Dispose();
        (await _slack.EventAsync(new JsonObject
        {
            ["type"] = "pin_added",
            ["user"] = SlackHarness.Alice,
            ["channel_id"] = _room.Id,
            ["item"] = new JsonObject { ["type"] = "message", ["channel"] = _room.Id, ["message"] = new JsonObject { ["ts"] = "1763850000.000501", ["text"] = "rebuild paused" } },
            ["event_ts"] = "1763850004.000000",
        })).Dispose();

        var timeline = await TimelineAsync();
        Assert.True(timeline.Single(e => Text(e).StartsWith("found it", StringComparison.Ordinal)).GetProperty("key").GetBoolean());
        Assert.True(timeline.Single(e => Text(e) == "rebuild paused").GetProperty("key").GetBoolean());
        using var draft = await _slack.Client.GetAsync(new Uri("/api/incidents/INC-0001/postmortem?format=md", UriKind.Relative));
        Assert.Contains("**found it: the index rebuild started 14:02**", await draft.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_mention_of_the_bot_in_a_war_room_takes_the_command_grammar()
    {
        using var response = await _slack.EventAsync(new JsonObject
        {
            ["type"] = "app_mention",
            ["user"] = SlackHarness.Alice,
            ["text"] = $"<@{FakeSlackServer.BotUser}> sev1",
            ["ts"] = "1763850000.000600",
            ["channel"] = _room.Id,
            ["event_ts"] = "1763850000.000600",
        }, "EvMENTION1");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("SEV1", (await _slack.IncidentAsync("INC-0001")).GetProperty("severity").GetString()?.ToUpperInvariant());
        await SlackHarness.EventuallyAsync(() => _room.Messages.Any(m => m.Text.Contains("SEV3 → SEV1", StringComparison.Ordinal) || m.Text.Contains("SEV1", StringComparison.Ordinal) && m.Ts != _room.Messages[0].Ts), "the severity change posted in the room");

        // The same mention delivered again changes nothing.
        (await _slack.EventAsync(new JsonObject
        {
            ["type"] = "app_mention",
            ["user"] = SlackHarness.Alice,
            ["text"] = $"<@{FakeSlackServer.BotUser}> sev2",
            ["ts"] = "1763850000.000600",
            ["channel"] = _room.Id,
        }, "EvMENTION1", retry: 1)).Dispose();
        Assert.Equal("SEV1", (await _slack.IncidentAsync("INC-0001")).GetProperty("severity").GetString()?.ToUpperInvariant());

        // A mistake is explained to the person, not the room.
        (await _slack.EventAsync(new JsonObject
        {
            ["type"] = "app_mention",
            ["user"] = SlackHarness.Bob,
            ["text"] = $"<@{FakeSlackServer.BotUser}> sev 9",
            ["ts"] = "1763850000.000601",
            ["channel"] = _room.Id,
        })).Dispose();
        await SlackHarness.EventuallyAsync(() => _room.Ephemeral.Any(e => e.User == SlackHarness.Bob), "an explanation for Bob");
    }
}
