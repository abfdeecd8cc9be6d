using System.Text.Json.Nodes;
using IncidentBot.FakeSlack;
using IncidentBot.Tests.Support;

namespace IncidentBot.Tests.Slack;

/// <summary>Socket Mode against a loopback WebSocket server: same handlers, an ack for every envelope, reconnects.</summary>
public sealed class SlackSocketModeTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly TempDatabase _database = new();
    private SlackHarness _slack = null!;

    public async Task InitializeAsync()
    {
        _slack = await SlackHarness.StartAsync(_database,
            ("Slack:AppToken", FakeSlackServer.AppToken), ("Slack:SocketConnections", "2"), ("Slack:SigningSecret", ""));
        await SlackHarness.EventuallyAsync(() => OpenSockets().Count == 2, "two Socket Mode connections");
    }

    public async Task DisposeAsync()
    {
        await _slack.DisposeAsync();
        _database.Dispose();
    }

    private List<FakeSocket> OpenSockets() => [.. _slack.Slack.Sockets.Where(s => s.Open)];

    private JsonObject SlashCommand(string text) => new()
    {
        ["token"] = "deprecated",
        ["team_id"] = "T0001",
        ["channel_id"] = _slack.General.Id,
        ["channel_name"] = "general",
        ["user_id"] = SlackHarness.Alice,
        ["user_name"] = "alice",
        ["command"] = "/incident",
        ["text"] = text,
        ["response_url"] = "https://hooks.slack.com/commands/T0001/1/x",
        ["trigger_id"] = "trigger.socket",
    };

    [Fact]
    public async Task Slash_commands_and_events_over_the_socket_are_handled_and_acknowledged()
    {
        var ack = await OpenSockets()[0].SendEnvelopeAsync("slash_commands", SlashCommand("start sev2 socket mode works"), Timeout);
        Assert.NotNull(ack["envelope_id"]);
        Assert.Equal("in_channel", ack["payload"]!["response_type"]!.GetValue<string>());
        Assert.Contains("INC-0001", ack["payload"]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
        var room = await _slack.RoomAsync(1);

        var envelope = new JsonObject
        {
            ["type"] = "event_callback",
            ["event_id"] = "EvSOCKET1",
            ["event"] = SlackHarness.Message(room.Id, SlackHarness.Bob, "seen from the socket", "1763850000.000700"),
        };
        var eventAck = await OpenSockets()[1].SendEnvelopeAsync("events_api", envelope, Timeout);
        Assert.Null(eventAck["payload"]);
        var timeline = await new ChatRoom(_slack.Client).GetJsonAsync("/api/incidents/INC-0001/timeline");
        Assert.Contains(timeline.EnumerateArray(), e => e.GetProperty("text").GetString() == "seen from the socket");

        // HTTP mode has no signing secret here: only the socket is a way in.
        using var refused = await _slack.PostSignedAsync("/slack/events", envelope.ToJsonString(), "application/json");
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task A_bare_start_over_the_socket_opens_the_start_dialog_after_the_ack()
    {
        var ack = await OpenSockets()[0].SendEnvelopeAsync("slash_commands", SlashCommand("start"), Timeout);
        Assert.Null(ack["payload"]);
        await SlackHarness.EventuallyAsync(() => _slack.Slack.CallsOf("views.open").Count == 1, "views.open");
        var view = JsonNode.Parse(_slack.Slack.CallsOf("views.open")[0].Arg("view")!)!;
        Assert.Equal("incident-start", view["callback_id"]!.GetValue<string>());

        var submission = new JsonObject
        {
            ["type"] = "view_submission",
            ["user"] = new JsonObject { ["id"] = SlackHarness.Alice, ["username"] = "alice" },
            ["view"] = new JsonObject
            {
                ["id"] = "V1",
                ["hash"] = "1",
                ["callback_id"] = "incident-start",
                ["private_metadata"] = view["private_metadata"]!.GetValue<string>(),
                ["state"] = new JsonObject
                {
                    ["values"] = new JsonObject
                    {
                        ["title"] = new JsonObject { ["title"] = new JsonObject { ["type"] = "plain_text_input", ["value"] = "ログイン 障害" } },
                        ["severity"] = new JsonObject { ["severity"] = new JsonObject { ["type"] = "static_select", ["selected_option"] = new JsonObject { ["value"] = "sev1" } } },
                        ["summary"] = new JsonObject { ["summary"] = new JsonObject { ["type"] = "plain_text_input", ["value"] = "nobody can sign in" } },
                        ["service"] = new JsonObject { ["service"] = new JsonObject { ["type"] = "plain_text_input", ["value"] = "auth" } },
                    },
                },
            },
        };
        var submitted = await OpenSockets()[1].SendEnvelopeAsync("interactive", submission, Timeout);
        Assert.Null(submitted["payload"]);
        var incident = await _slack.IncidentAsync("INC-0001");
        Assert.Equal("nobody can sign in", incident.GetProperty("summary").GetString());
        var room = await _slack.RoomAsync(1);
        Assert.StartsWith("inc-0001-login-outage", room.Name, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_bot_reconnects_when_slack_asks_and_when_the_connection_drops()
    {
        var opened = _slack.Slack.CallsOf("apps.connections.open").Count;
        var first = OpenSockets()[0];
        await first.DisconnectAsync("refresh_requested");
        await SlackHarness.EventuallyAsync(() => !first.Open && OpenSockets().Count == 2, "a fresh connection after refresh_requested");

        OpenSockets()[0].Abort();
        await SlackHarness.EventuallyAsync(() => OpenSockets().Count == 2 && _slack.Slack.CallsOf("apps.connections.open").Count >= opened + 2, "a fresh connection after the network dropped");

        var ack = await OpenSockets()[^1].SendEnvelopeAsync("slash_commands", SlashCommand("help"), Timeout);
        Assert.Equal("ephemeral", ack["payload"]!["response_type"]!.GetValue<string>());
    }
}
