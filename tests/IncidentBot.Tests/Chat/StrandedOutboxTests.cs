using System.Net;
using System.Text.Json;
using IncidentBot.FakeSlack;
using IncidentBot.Tests.Slack;
using IncidentBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IncidentBot.Tests.Chat;

/// <summary>
/// An incident that never had a war room must not hold up its queue: Alertmanager opens a detected
/// incident, all its alerts resolve before anyone declares it, and what the bot says about it goes
/// under its notice in the broadcast channel instead of waiting for a room that is not coming.
/// </summary>
public sealed class StrandedOutboxTests : IAsyncLifetime
{
    private const string Token = "alert-token";
    private readonly TempDatabase _database = new();
    private SlackHarness _slack = null!;

    public async Task InitializeAsync() => _slack = await SlackHarness.StartAsync(_database, ("Alerts:Token", Token));

    public async Task DisposeAsync()
    {
        await _slack.DisposeAsync();
        _database.Dispose();
    }

    /// <summary>Fires an alert, waits for its notice, resolves it; returns the notice.</summary>
    private async Task<FakeMessage> DetectedThenResolvedAsync()
    {
        await _slack.AlertmanagerAsync("firing", Token, "fp-1");
        FakeMessage? notice = null;
        await SlackHarness.EventuallyAsync(() => (notice = _slack.Broadcast.Messages is [var first, ..] ? first : null) is not null, "the detected incident's notice");
        await _slack.AlertmanagerAsync("resolved", Token, "fp-1");
        await SlackHarness.EventuallyAsync(() => Replies(notice!).Any(c => c.Arg("text")!.Contains("All alerts of INC-0001 have resolved", StringComparison.Ordinal)),
            "the all-resolved message under the notice");
        return notice!;
    }

    private IEnumerable<SlackCall> Replies(FakeMessage notice) =>
        _slack.Slack.CallsOf("chat.postMessage").Where(c => c.Arg("channel") == _slack.Broadcast.Id && c.Arg("thread_ts") == notice.Ts);

    [Fact]
    public async Task Declaring_after_every_alert_resolved_opens_the_war_room_and_a_restart_changes_nothing()
    {
        await DetectedThenResolvedAsync();
        await _slack.QuietAsync("the resolved message delivered, nothing left waiting");

        var declared = await _slack.CommandAsync("declare INC-0001", SlackHarness.Bob);
        Assert.Contains("triage", declared["text"]!.GetValue<string>(), StringComparison.Ordinal);
        var room = await _slack.RoomAsync(1);
        Assert.StartsWith("inc-0001", room.Name, StringComparison.Ordinal);
        await _slack.QuietAsync();

        await _slack.RestartAsync();
        await _slack.QuietAsync("nothing to deliver after the restart");
        await _slack.CommandAsync("note INC-0001 checkout back to normal", channel: room.Id);
        await _slack.CommandAsync("claim INC-0001 read the deploy log");
        await SlackHarness.EventuallyAsync(() => room.Messages.Any(m => m.Text.Contains("read the deploy log", StringComparison.Ordinal)), "a claim posted in the room after the restart");
        await _slack.QuietAsync();

        Assert.Single(_slack.Slack.CallsOf("conversations.create"));
        Assert.Single(_slack.Slack.CallsOf("chat.postMessage"), c => c.Arg("text")!.Contains("All alerts of INC-0001 have resolved", StringComparison.Ordinal));
        Assert.Single(_slack.Broadcast.Messages, m => m.Text.Contains($"<#{room.Id}>", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Dismissing_an_incident_without_a_room_drains_its_queue()
    {
        var notice = await DetectedThenResolvedAsync();
        await _slack.CommandAsync("dismiss INC-0001 a flapping health check, not an outage", SlackHarness.Bob);

        await _slack.QuietAsync("the dismissal delivered, nothing left waiting");
        Assert.Equal("dismissed", (await _slack.IncidentAsync("INC-0001")).GetProperty("phase").GetString());
        Assert.Empty(_slack.Slack.CallsOf("conversations.create"));
        Assert.Contains(Replies(notice), c => c.Arg("text")!.Contains("dismissed", StringComparison.OrdinalIgnoreCase));
        await SlackHarness.EventuallyAsync(() => !SlackHarness.Buttons(_slack.Broadcast.Messages[0]).Any(b => b["text"]!["text"]!.GetValue<string>() == "Declare"), "the notice to lose its Declare button");
    }

    [Fact]
    public async Task Without_a_broadcast_channel_nothing_waits_and_nothing_is_dropped_as_an_error()
    {
        var logs = new RecordingLogs();
        await using var slack = await SlackHarness.StartAsync(new TempDatabase(), services => services.AddSingleton<ILoggerProvider>(logs),
            ("Alerts:Token", Token), ("Slack:BroadcastChannel", null));
        await slack.AlertmanagerAsync("firing", Token, "fp-1");
        await slack.AlertmanagerAsync("resolved", Token, "fp-1");
        await slack.QuietAsync();

        await slack.CommandAsync("declare INC-0001");
        await slack.RoomAsync(1);
        await slack.QuietAsync();
        Assert.DoesNotContain(logs.Lines, l => l.Level >= LogLevel.Error);
    }

    [Fact]
    public async Task Readiness_says_why_when_a_message_waits_too_long_and_recovers_when_it_goes()
    {
        await using var slack = await SlackHarness.StartAsync(new TempDatabase(), ("Chat:OutboxMaxAgeMinutes", "0.01"));
        await slack.CommandAsync("start sev2 checkout errors");
        await slack.RoomAsync(1);
        await slack.QuietAsync();

        slack.Slack.Down = true;
        await slack.CommandAsync("claim INC-0001 check the payment gateway");
        JsonElement ready = default;
        await SlackHarness.EventuallyAsync(async () =>
        {
            using var response = await slack.Client.GetAsync(new Uri("/readyz", UriKind.Relative));
            ready = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
            return response.StatusCode == HttpStatusCode.ServiceUnavailable;
        }, "readiness to degrade");
        Assert.Equal("not ready", ready.GetProperty("status").GetString());
        Assert.Contains("Chat__OutboxMaxAgeMinutes", ready.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.True(ready.GetProperty("outbox").GetProperty("oldestSeconds").GetDouble() >= 0.6);
        Assert.Matches(@"incidentbot_outbox_oldest_seconds (0\.[6-9]|[1-9])", await slack.Client.GetStringAsync(new Uri("/metrics", UriKind.Relative)));

        slack.Slack.Down = false;
        await slack.QuietAsync();
        using var after = await slack.Client.GetAsync(new Uri("/readyz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }
}
