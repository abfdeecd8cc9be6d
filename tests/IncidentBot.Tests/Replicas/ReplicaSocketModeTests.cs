using IncidentBot.FakeSlack;
using Microsoft.Extensions.DependencyInjection;
using IncidentBot.Tests.Slack;
using IncidentBot.Tests.Support;

namespace IncidentBot.Tests.Replicas;

/// <summary>
/// Slack allows an app ten Socket Mode connections. Two replicas asking for six each open ten between
/// them, not twelve; when one stops, the other opens the rest it asked for.
/// </summary>
public sealed class ReplicaSocketModeTests : IAsyncLifetime
{
    private readonly TempDatabase _unused = new();
    private TempPostgresDatabase _database = null!;
    private SlackHarness _a = null!;
    private SlackHarness _b = null!;

    public async Task InitializeAsync()
    {
        _database = await TempPostgresDatabase.CreateAsync();
        _a = await SlackHarness.OnPostgresAsync(_unused, _database,
            ("Slack:AppToken", FakeSlackServer.AppToken), ("Slack:SocketConnections", "6"), ("Slack:SigningSecret", ""));
        _b = _a.Replica();
        _ = _a.Client; // both hosts are started by their clients
    }

    public async Task DisposeAsync()
    {
        await _b.DisposeAsync();
        await _a.DisposeAsync();
        await _database.DisposeAsync();
        _unused.Dispose();
    }

    private int Open() => _a.Slack.Sockets.Count(s => s.Open);

    [Fact]
    public async Task Two_replicas_asking_for_six_connections_each_open_ten_and_one_takes_over_the_others_slots_when_it_stops()
    {
        static IncidentBot.Chat.Slack.SlackSocketMode Socket(SlackHarness replica) => replica.Bot.Services.GetRequiredService<IncidentBot.Chat.Slack.SlackSocketMode>();
        await SlackHarness.EventuallyAsync(() => Open() == SlackSocketSlotsLimit && Socket(_a).Waiting + Socket(_b).Waiting == 2, "ten connections between the two replicas, two waiting for a slot", seconds: 30);
        Assert.Equal(SlackSocketSlotsLimit, _a.Slack.CallsOf("apps.connections.open").Count);

        await _a.Bot.DisposeAsync(); // a clean stop gives its slots up at once
        await SlackHarness.EventuallyAsync(() => Open() == 6, "the remaining replica's six connections", seconds: 30);
    }

    private const int SlackSocketSlotsLimit = IncidentBot.Chat.Slack.SlackSocketSlots.Slots;
}
