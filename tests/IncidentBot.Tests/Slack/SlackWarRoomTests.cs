using System.Net;
using System.Text.Json.Nodes;
using System.Net.Http;
using IncidentBot.FakeSlack;
using IncidentBot.Tests.Support;

namespace IncidentBot.Tests.Slack;

/// <summary>The whole Slack flow against the fake Slack: signed slash command → war room → buttons → resolved.</summary>
public sealed class SlackWarRoomTests : IAsyncLifetime
{
    private readonly TempDatabase _database = new();
    private SlackHarness _slack = null!;

    public async Task InitializeAsync() => _slack = await SlackHarness.StartAsync(_database);

    public async Task DisposeAsync()
    {
        await _slack.DisposeAsync();
        _database.Dispose();
    }

    [Fact]
    public async Task A_slash_command_opens_a_war_room_and_buttons_drive_the_incident_to_resolved()
    {
        var answer = await _slack.CommandAsync("start sev2 checkout errors");
        Assert.Equal("in_channel", answer["response_type"]!.GetValue<string>());
        Assert.Contains("INC-0001", answer["text"]!.GetValue<string>(), StringComparison.Ordinal);

        var room = await _slack.RoomAsync(1);
        Assert.Equal("inc-0001-checkout-errors", room.Name);
        Assert.Contains(SlackHarness.Alice, room.Members);
        Assert.Contains(SlackHarness.Responder, room.Members);
        Assert.Contains("INC-0001", room.Topic, StringComparison.Ordinal);
        var card = room.Messages[0];
        Assert.Contains(card.Ts, room.Pins);
        Assert.Contains("Work board", room.Messages[1].Text, StringComparison.Ordinal);
        Assert.Contains(room.Bookmarks, b => b.Link == "https://incidents.example.com/#INC-0001");
        await SlackHarness.EventuallyAsync(() => _slack.Broadcast.Messages.Any(m => m.Text.Contains($"<#{room.Id}>", StringComparison.Ordinal)), "the announcement in the broadcast channel");
        Assert.Equal("slack:" + room.Id, (await _slack.IncidentAsync("INC-0001")).GetProperty("channel").GetString());

        // The card offers only what its guards allow: no "Start recovery" before anyone commands.
        Assert.DoesNotContain(SlackHarness.Buttons(card), b => b["text"]!["text"]!.GetValue<string>() == "Start recovery");
        Assert.Contains("Who commands?", card.Blocks, StringComparison.Ordinal);

        (await _slack.PressAsync(room, card, "I'll take commander")).Dispose();
        await SlackHarness.EventuallyAsync(() => SlackHarness.Buttons(Card(room)).All(b => b["text"]!["text"]!.GetValue<string>() != "I'll take commander"), "the card to lose its commander button");
        Assert.Contains("*Commander*\\n@alice", Card(room).Blocks, StringComparison.Ordinal);

        (await _slack.PressAsync(room, Card(room), "Start recovery")).Dispose();
        await SlackHarness.EventuallyAsync(() => SlackHarness.Buttons(Card(room)).Any(b => b["text"]!["text"]!.GetValue<string>() == "Mitigated"), "the Mitigated button");

        // A button whose command needs words opens a dialog; submitting it sends the command.
        (await _slack.PressAsync(room, Card(room), "Mitigated")).Dispose();
        await SlackHarness.EventuallyAsync(() => _slack.Slack.CallsOf("views.open").Count == 1, "the dialog for the mitigation");
        var view = JsonNode.Parse(_slack.Slack.CallsOf("views.open")[0].Arg("view")!)!;
        using (var submitted = await _slack.InteractAsync(Submission(view, "rolled back deploy 42")))
        {
            Assert.Equal(HttpStatusCode.OK, submitted.StatusCode);
            Assert.Equal("", await submitted.Content.ReadAsStringAsync());
        }

        Assert.Equal("verifying", (await _slack.IncidentAsync("INC-0001")).GetProperty("phase").GetString());

        // Typed in the war room, a command needs no id.
        var verified = await _slack.CommandAsync("verified checkout is green again", channel: room.Id);
        Assert.Equal("in_channel", verified["response_type"]!.GetValue<string>());
        Assert.Equal("reporting", (await _slack.IncidentAsync("INC-0001")).GetProperty("phase").GetString());

        // The card was kept current in place: one card, updated, never re-posted.
        await SlackHarness.EventuallyAsync(() => Card(room).Blocks!.Contains("reporting", StringComparison.Ordinal), "the card to say reporting");
        Assert.Equal(card.Ts, Card(room).Ts);
        Assert.True(Card(room).Updates >= 3, $"the card was updated {Card(room).Updates} times");
        Assert.Single(room.Messages, m => m.Blocks?.Contains("*Phase*", StringComparison.Ordinal) == true);

        // Changes made by buttons were posted in the room by the outbox; the slash command's own answer was not posted twice.
        await SlackHarness.EventuallyAsync(() => room.Messages.Any(m => m.Text.Contains("commander", StringComparison.OrdinalIgnoreCase) && m.Ts != card.Ts), "the commander reply in the room");
        Assert.DoesNotContain(room.Messages, m => m.Text.Contains("checkout is green again", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_alert_storm_is_announced_once_and_its_room_opens_on_declare_with_one_alert_summary()
    {
        await using var slack = await SlackHarness.StartAsync(new TempDatabase(), ("Alerts:Token", "t"));
        async Task AlertsAsync(int from, int count)
        {
            var alerts = new System.Text.Json.Nodes.JsonArray([.. Enumerable.Range(from, count).Select(i => (System.Text.Json.Nodes.JsonNode)new JsonObject
            {
                ["status"] = "firing",
                ["labels"] = new JsonObject { ["alertname"] = "DBConnectionsExhausted", ["service"] = "orders", ["instance"] = $"app-{i}" },
                ["startsAt"] = "2026-11-22T10:00:00Z",
                ["fingerprint"] = $"fp-{i}",
            })]);
            using var request = new HttpRequestMessage(HttpMethod.Post, "/alerts/alertmanager") { Content = new StringContent(new JsonObject { ["version"] = "4", ["alerts"] = alerts }.ToJsonString()) };
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "t");
            using var response = await slack.Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        for (var i = 0; i < 10; i++)
        {
            await AlertsAsync(i * 20, 20);
        }

        FakeMessage? notice = null;
        await SlackHarness.EventuallyAsync(() => (notice = slack.Broadcast.Messages is [var first, ..] ? first : null) is not null, "the detected incident's notice");
        Assert.Single(slack.Broadcast.Messages);
        Assert.Empty(slack.Slack.CallsOf("conversations.create"));

        (await slack.PressAsync(slack.Broadcast, notice!, "Declare")).Dispose();
        var room = await slack.RoomAsync(1);
        await SlackHarness.EventuallyAsync(() => room.Messages.Any(m => m.Text.StartsWith("Alerts · INC-0001", StringComparison.Ordinal)), "the alert summary in the room");
        await AlertsAsync(200, 20);
        await SlackHarness.EventuallyAsync(() => room.Messages.Single(m => m.Text.StartsWith("Alerts · INC-0001", StringComparison.Ordinal)).Text.Contains("220 firing", StringComparison.Ordinal), "the summary to count the new alerts");
        Assert.True(room.Messages.Count <= 5, $"{room.Messages.Count} messages in the room for 220 alerts");
        await SlackHarness.EventuallyAsync(() => !SlackHarness.Buttons(slack.Broadcast.Messages[0]).Any(), "the notice to lose its Declare button");
    }

    private static FakeMessage Card(FakeChannel room) => room.Messages[0];

    private static JsonObject Submission(JsonNode view, string text) => new()
    {
        ["type"] = "view_submission",
        ["user"] = new JsonObject { ["id"] = SlackHarness.Alice, ["username"] = "alice" },
        ["view"] = new JsonObject
        {
            ["id"] = "V0001",
            ["hash"] = "h1",
            ["callback_id"] = view["callback_id"]!.GetValue<string>(),
            ["private_metadata"] = view["private_metadata"]!.GetValue<string>(),
            ["state"] = new JsonObject
            {
                ["values"] = new JsonObject { ["input"] = new JsonObject { ["input"] = new JsonObject { ["type"] = "plain_text_input", ["value"] = text } } },
            },
        },
    };
}
