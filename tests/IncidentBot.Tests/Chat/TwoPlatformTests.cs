using IncidentBot.Chat;
using IncidentBot.Tests.Slack;
using IncidentBot.Tests.Support;
using IncidentBot.Workflows.Chat;
using IncidentBot.Workflows.Commands;
using IncidentBot.Workflows.Outbox;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentBot.Tests.Chat;

/// <summary>
/// Two platforms that both open rooms: an incident still gets exactly one war room (where it was
/// started, else on the primary platform), it is announced on both, and their messages never share a key.
/// </summary>
public sealed class TwoPlatformTests : IAsyncLifetime
{
    private readonly TempDatabase _database = new();
    private SlackHarness _slack = null!;

    public async Task InitializeAsync() => _slack = await StartAsync();

    public async Task DisposeAsync()
    {
        await _slack.DisposeAsync();
        _database.Dispose();
    }

    private Task<SlackHarness> StartAsync(params (string Key, string? Value)[] settings) => SlackHarness.StartAsync(_database, services =>
    {
        services.AddSingleton(FakeChatPlatform.Description);
        services.AddSingleton<FakeChatPlatform>();
        services.AddSingleton<IOutboxDelivery>(sp => sp.GetRequiredService<FakeChatPlatform>());
    }, [("Alerts:Token", "t"), .. settings]);

    private FakeChatPlatform Fake => _slack.Bot.Services.GetRequiredService<FakeChatPlatform>();

    private string[] FakeDid(string incident) => [.. Fake.Delivered.Where(d => d.Incident == incident).Select(d => d.Action).Distinct()];

    [Fact]
    public async Task A_slack_start_gets_one_room_in_slack_and_is_announced_on_both()
    {
        await _slack.CommandAsync("start sev2 checkout errors");
        var room = await _slack.RoomAsync(1);
        await SlackHarness.EventuallyAsync(() => FakeDid("INC-0001").Contains(OutboxNames.Notice), "the announcement on the other platform");
        await _slack.QuietAsync();

        Assert.Equal("slack:" + room.Id, (await _slack.IncidentAsync("INC-0001")).GetProperty("channel").GetString());
        Assert.DoesNotContain(OutboxNames.Room, FakeDid("INC-0001"));
        Assert.Single(_slack.Slack.CallsOf("conversations.create"));
        Assert.Single(_slack.Broadcast.Messages, m => m.Text.Contains($"<#{room.Id}>", StringComparison.Ordinal));

        // Each platform's kept messages under its own keys.
        var outbox = _slack.Bot.Services.GetRequiredService<IOutboxStore>();
        Assert.Equal(room.Id, (await outbox.FindPostedAsync("slack:card:INC-0001", CancellationToken.None))!.Conversation);
        Assert.Equal("announcements", (await outbox.FindPostedAsync("fake:notice:INC-0001", CancellationToken.None))!.Conversation);
        Assert.Null(await outbox.FindPostedAsync("card:INC-0001", CancellationToken.None));
    }

    [Fact]
    public async Task A_start_on_the_other_platform_gets_its_room_there_and_slack_only_announces_it()
    {
        var dispatcher = _slack.Bot.Services.GetRequiredService<CommandDispatcher>();
        var reply = await dispatcher.HandleAsync(new CommandRequest("/incident start sev3 search is slow", "dana", new RoomAddress(FakeChatPlatform.Name, "general")) { OpensOwnRoom = true }, CancellationToken.None);
        Assert.Contains("INC-0001", reply.Text, StringComparison.Ordinal);

        await SlackHarness.EventuallyAsync(() => FakeDid("INC-0001").Contains(OutboxNames.Room), "the room on the other platform");
        await SlackHarness.EventuallyAsync(() => _slack.Broadcast.Messages.Any(m => m.Blocks?.Contains("FakeChat", StringComparison.Ordinal) == true), "Slack's notice to say where the war room is");
        await _slack.QuietAsync();

        var incident = await _slack.IncidentAsync("INC-0001");
        Assert.Equal("fake:room-INC-0001", incident.GetProperty("channel").GetString());
        Assert.Equal("fake", incident.GetProperty("warRoom").GetProperty("platform").GetString());
        Assert.Empty(_slack.Slack.CallsOf("conversations.create"));

        // Commands typed in that room apply to its incident, as in any war room.
        var sev = await dispatcher.HandleAsync(new CommandRequest("/incident sev2", "dana", FakeChatPlatform.Room(new Workflows.Incidents.IncidentId(1))), CancellationToken.None);
        Assert.True(sev.Ok, sev.Text);
    }

    [Fact]
    public async Task A_detected_incident_is_announced_on_both_and_declaring_opens_one_room_on_the_primary()
    {
        await _slack.AlertmanagerAsync("firing", "t", "fp-1");
        await SlackHarness.EventuallyAsync(() => _slack.Broadcast.Messages.Count == 1 && FakeDid("INC-0001").Contains(OutboxNames.Notice), "notices on both platforms");

        await _slack.CommandAsync("declare INC-0001");
        await _slack.RoomAsync(1);
        await _slack.QuietAsync();
        Assert.Single(_slack.Slack.CallsOf("conversations.create"));
        Assert.DoesNotContain(OutboxNames.Room, FakeDid("INC-0001"));
    }

    [Fact]
    public async Task The_primary_platform_is_configurable()
    {
        await _slack.DisposeAsync();
        _slack = await StartAsync(("Chat:PrimaryPlatform", "fake"));
        using var response = await _slack.Client.PostAsync(new Uri("/api/commands", UriKind.Relative),
            new StringContent("""{"text": "/incident start sev2 api errors", "user": "erin", "channel": "web"}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.Contains("being opened in FakeChat", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await SlackHarness.EventuallyAsync(() => FakeDid("INC-0001").Contains(OutboxNames.Room), "the room on the primary platform");
        await _slack.QuietAsync();
        Assert.Empty(_slack.Slack.CallsOf("conversations.create"));
    }
}
