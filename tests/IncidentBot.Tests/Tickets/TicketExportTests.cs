using IncidentBot.Tests.Support;
using IncidentBot.Workflows.Incidents;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentBot.Tests.Tickets;

/// <summary>Action items filed in GitHub Issues or Jira Cloud (fakes on loopback): once, linked, and done when the ticket is closed.</summary>
public sealed class TicketExportTests : IAsyncLifetime
{
    private readonly TempDatabase _database = new();
    private FakeTrackers _trackers = null!;

    public async Task InitializeAsync() => _trackers = await FakeTrackers.StartAsync();

    public async Task DisposeAsync()
    {
        await _trackers.DisposeAsync();
        _database.Dispose();
    }

    private (string, string?)[] Settings(string provider) => provider == "github"
        ? [("Tickets:Provider", "github"), ("Tickets:GitHub:ApiUrl", new Uri(_trackers.BaseUrl, "github/").ToString()), ("Tickets:GitHub:Repository", "ops/runbook"), ("Tickets:GitHub:Token", FakeTrackers.GitHubToken)]
        : [("Tickets:Provider", "jira"), ("Tickets:Jira:BaseUrl", new Uri(_trackers.BaseUrl, "jira/").ToString()), ("Tickets:Jira:Email", "alice@example.com"), ("Tickets:Jira:ApiToken", "jira-token"), ("Tickets:Jira:Project", "OPS")];

    [Theory]
    [InlineData("github", "#1", "https://github.example.com/ops/runbook/issues/1")]
    [InlineData("jira", "OPS-1", "/jira/browse/OPS-1")]
    public async Task An_action_item_is_filed_once_even_when_the_answer_is_lost_and_closing_the_ticket_finishes_it(string provider, string key, string url)
    {
        var logs = new RecordingLogs();
        using var bot = new BotFactory([("Storage:Sqlite:Path", _database.Path), ("Tickets:PollSeconds", "0.2"), .. Settings(provider)])
        {
            TestServices = services => services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(logs),
        };
        var room = new ChatRoom(bot.CreateClient());
        _trackers.LoseCreateAnswers(1); // the first create makes the ticket but its answer never arrives
        await room.Say("/incident start sev2 checkout errors").ExpectOk();
        await room.Say("/incident action \"alarm on connection attempts\" @bob due 2099-01-31").ExpectOk();

        var store = bot.Services.GetRequiredService<IIncidentStore>();
        async Task<Incident> IncidentAsync() => Incident.Replay(new IncidentId(1), await store.ReadAsync(new IncidentId(1), 0, CancellationToken.None));
        try
        {
            await Eventually.HoldsAsync(async () => (await IncidentAsync()).ActionItems[0].Ticket is not null, "the ticket linked on the action item");
        }
        catch (Xunit.Sdk.FailException)
        {
            Assert.Fail($"{_trackers.Issues.Count} issues; refused: {string.Join(", ", _trackers.Refused)}; log: {string.Join(" | ", logs.Lines.Where(l => l.Level >= Microsoft.Extensions.Logging.LogLevel.Warning).Select(l => l.Category + ": " + l.Message))}");
        }
        var item = (await IncidentAsync()).ActionItems[0];
        Assert.Equal(key, item.Ticket);
        Assert.EndsWith(url, item.TicketUrl, StringComparison.Ordinal);
        Assert.Single(_trackers.Issues); // retried after the lost answer: found, not filed again
        Assert.Empty(_trackers.Refused);

        _trackers.Close(key);
        await Eventually.HoldsAsync(async () => (await IncidentAsync()).ActionItems[0].Done == true, "the action item done once its ticket is closed");
        Assert.Equal($"ticket {key} closed", (await IncidentAsync()).ActionItems[0].Note);
        Assert.Single(_trackers.Issues);
    }
}
