using System.Net;
using System.Text.Json;
using IncidentBot.FakeSlack;
using IncidentBot.Tests.Slack;
using IncidentBot.Storage;
using IncidentBot.Tests.Support;
using IncidentBot.Workflows.Chat;
using IncidentBot.Workflows.Incidents;
using Microsoft.Data.Sqlite;
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
        await _slack.RestartAsync();

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
    public async Task A_reply_under_the_notice_whose_answer_was_lost_is_found_in_the_thread_not_posted_twice()
    {
        await _slack.AlertmanagerAsync("firing", Token, "fp-1");
        FakeMessage? notice = null;
        await SlackHarness.EventuallyAsync(() => (notice = _slack.Broadcast.Messages is [var first, ..] ? first : null) is not null, "the notice");
        await _slack.QuietAsync();

        _slack.Slack.LoseAnswerOnce("chat.postMessage");
        await _slack.AlertmanagerAsync("resolved", Token, "fp-1");
        await _slack.QuietAsync();
        Assert.NotEmpty(_slack.Slack.CallsOf("conversations.replies"));
        Assert.Single(_slack.Broadcast.Replies(notice!.Ts), m => m.Text.Contains("All alerts of INC-0001 have resolved", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_broadcast_channel_the_bot_cannot_post_in_never_holds_up_the_war_room()
    {
        _slack.Broadcast.RefusePosts = "not_in_channel";
        await _slack.AlertmanagerAsync("firing", Token, "fp-1");
        await SlackHarness.EventuallyAsync(() => _slack.Slack.CallsOf("chat.postMessage").Any(c => c.Arg("channel") == _slack.Broadcast.Id), "the bot to try its notice");

        await _slack.CommandAsync("declare INC-0001");
        var room = await _slack.RoomAsync(1);
        await _slack.CommandAsync("claim check the load balancer", channel: room.Id);
        await SlackHarness.EventuallyAsync(() => room.Messages.Any(m => m.Text.Contains("check the load balancer", StringComparison.Ordinal)), "the claim in the room");
    }

    [Fact]
    public async Task A_queue_stuck_before_the_upgrade_moves_on_after_it()
    {
        // As the build before the chat core left it: a declared incident whose "all resolved" post
        // waits at the head of its queue for a room, with the room itself queued behind it.
        using var database = new TempDatabase();
        const string At = "2026-11-30T09:00:00.0000000+00:00";
        var resolved = ReplyJson.Write(new BotMessage { Incident = new IncidentId(1), Text = "All alerts of INC-0001 have resolved." });
        await using (var connection = new SqliteConnection($"Data Source={database.Path}"))
        {
            await connection.OpenAsync();
            await SqliteMigrations.MigrateAsync(connection, 5, CancellationToken.None);
            await using var insert = connection.CreateCommand();
            insert.CommandText = $$$"""
                INSERT INTO incidents (title, phase, opened_at, updated_at, version) VALUES ('checkout errors', 'triage', '{{{At}}}', '{{{At}}}', 2);
                INSERT INTO events VALUES (1, 1, '0194a1b2-0000-7000-8000-000000000001', 'opened', 'alertmanager', '{{{At}}}', '{"type":"opened","title":"checkout errors","source":"alertmanager","actor":"alertmanager","at":"{{{At}}}"}');
                INSERT INTO events VALUES (1, 2, '0194a1b2-0000-7000-8000-000000000002', 'phase', 'alice', '{{{At}}}', '{"type":"phase","trigger":"declare","from":"detected","to":"triage","actor":"alice","at":"{{{At}}}"}');
                INSERT INTO outbox (queue, kind, payload, created_at, attempts, last_error) VALUES ('slack:INC-0001', 'slack.post', $post, '{{{At}}}', 0, 'INC-0001 has no war room yet');
                INSERT INTO outbox (queue, kind, payload, created_at) VALUES ('slack:INC-0001', 'slack.room', '{"incident":"INC-0001","reporter":"UALICE001"}', '{{{At}}}');
                INSERT INTO outbox (queue, kind, payload, coalesce_key, version, created_at) VALUES ('slack.card:INC-0001', 'slack.card', '{"incident":"INC-0001"}', 'slack.card:INC-0001', 2, '{{{At}}}');
                """;
            insert.Parameters.AddWithValue("$post", $$"""{"incident":"INC-0001","message":{{resolved}}}""");
            await insert.ExecuteNonQueryAsync();
        }

        await using var slack = await SlackHarness.StartAsync(database, ("Chat:NotReadyLimitMinutes", "600"));
        var room = await slack.RoomAsync(1);
        await slack.QuietAsync();
        Assert.Contains(SlackHarness.Alice, room.Members);
        Assert.Single(slack.Broadcast.Messages, m => m.Text.Contains("All alerts of INC-0001 have resolved", StringComparison.Ordinal));
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

    [Theory]
    [InlineData(false, HttpStatusCode.OK)]
    [InlineData(true, HttpStatusCode.ServiceUnavailable)]
    public async Task Readiness_says_why_when_a_message_waits_too_long_and_recovers_when_it_goes(bool unready, HttpStatusCode degraded)
    {
        await using var slack = await SlackHarness.StartAsync(new TempDatabase(), ("Chat:OutboxMaxAgeMinutes", "0.01"), ("Chat:UnreadyWhenDegraded", unready ? "true" : "false"));
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
            return ready.GetProperty("status").GetString() == "degraded" && response.StatusCode == degraded;
        }, "readiness to degrade");
        var reason = ready.GetProperty("reason").GetString();
        Assert.Contains("Chat__OutboxMaxAgeMinutes", reason, StringComparison.Ordinal);
        Assert.Matches(@"\(slack\.(post|card) in queue slack[.:a-z]*INC-0001\)", reason);
        Assert.Matches("Its last attempt: |It has not been tried yet", reason);
        Assert.True(ready.GetProperty("outbox").GetProperty("oldestSeconds").GetDouble() >= 0.6);
        Assert.Matches(@"incidentbot_outbox_oldest_seconds (0\.[6-9]|[1-9])", await slack.Client.GetStringAsync(new Uri("/metrics", UriKind.Relative)));

        slack.Slack.Down = false;
        await slack.QuietAsync();
        using var after = await slack.Client.GetAsync(new Uri("/readyz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal("ready", JsonDocument.Parse(await after.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString());
    }
}
