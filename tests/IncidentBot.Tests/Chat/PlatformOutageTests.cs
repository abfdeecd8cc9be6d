using System.Net.Http.Json;
using System.Text.Json;
using IncidentBot.FakeSlack;
using IncidentBot.Tests.Slack;
using IncidentBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace IncidentBot.Tests.Chat;

/// <summary>
/// Slack down for ten minutes of the bot's clock (moved by the test, not waited for): it drops
/// connections, answers 500, answers 429, and hangs, in turn, while responders keep working in two
/// war rooms. Readiness reports the backlog's age meanwhile; after Slack recovers every message
/// arrives exactly once, in order, in its own room.
/// </summary>
public sealed class PlatformOutageTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private readonly TempDatabase _database = new();
    private SlackHarness _slack = null!;

    public async Task InitializeAsync() =>
        _slack = await SlackHarness.StartAsync(_database, s => s.AddSingleton<TimeProvider>(_clock), ("Slack:TimeoutSeconds", "0.3"), ("Slack:RetryMaxSeconds", "60"));

    public async Task DisposeAsync()
    {
        _slack.Slack.Outage = SlackOutage.None;
        await _slack.DisposeAsync();
        _database.Dispose();
    }

    [Fact]
    public async Task Ten_minutes_of_outage_lose_nothing_repeat_nothing_and_keep_each_rooms_order()
    {
        await _slack.CommandAsync("start sev2 checkout errors");
        await _slack.CommandAsync("start sev3 search is slow", SlackHarness.Bob);
        var rooms = new[] { await RunUntilAsync(() => Room(1), "room 1"), await RunUntilAsync(() => Room(2), "room 2") };

        var said = new List<string>[] { [], [] };
        var callsIn = new Dictionary<SlackOutage, int>();
        var failures = new[] { SlackOutage.Refuse, SlackOutage.ServerError, SlackOutage.RateLimited, SlackOutage.Hang };
        for (var second = 0; second < 630; second += 5)
        {
            var before = _slack.Slack.Calls.Count;
            _slack.Slack.Outage = failures[Math.Min(second / 150, 3)];
            if (second % 60 == 0 && second < 600)
            {
                for (var room = 0; room < 2; room++)
                {
                    var work = $"step {second / 60} of room {room + 1}";
                    await SayOnPageAsync($"/incident claim INC-000{room + 1} {work}");
                    said[room].Add(work);
                }
            }

            await RunAsync(TimeSpan.FromSeconds(5));
            callsIn[_slack.Slack.Outage] = callsIn.GetValueOrDefault(_slack.Slack.Outage) + _slack.Slack.Calls.Count - before;
        }

        // Past Chat__OutboxMaxAgeMinutes (10) the bot says it is degraded, and how old its backlog is.
        var ready = await ReadyAsync();
        Assert.True(ready.GetProperty("status").GetString() == "degraded", ready.ToString());
        Assert.InRange(ready.GetProperty("outbox").GetProperty("oldestSeconds").GetDouble(), 600, 700);
        Assert.All(rooms, room => Assert.DoesNotContain(room.Messages.Skip(2), m => m.Text.Contains("step ", StringComparison.Ordinal)));
        Assert.All(failures, failure => Assert.True(callsIn.GetValueOrDefault(failure) > 0, $"the bot stopped trying while Slack was {failure}"));

        _slack.Slack.Outage = SlackOutage.None;
        await RunUntilAsync(() => said.Select((texts, i) => texts.All(t => Posted(rooms[i]).Contains(t, StringComparison.Ordinal))).All(x => x), "every message after the outage");
        await RunAsync(TimeSpan.FromMinutes(2)); // anything sent twice would show by now

        for (var i = 0; i < 2; i++)
        {
            var posted = Posted(rooms[i]);
            var positions = said[i].Select(t => (Text: t, At: posted.IndexOf(t, StringComparison.Ordinal), Last: posted.LastIndexOf(t, StringComparison.Ordinal))).ToList();
            Assert.All(positions, p => Assert.True(p.At >= 0 && p.At == p.Last, $"room {i + 1}: \"{p.Text}\" posted {(p.At < 0 ? "never" : "twice")}"));
            Assert.Equal(positions.OrderBy(p => p.At).Select(p => p.Text), said[i]);
            Assert.DoesNotContain($"of room {2 - i}", posted, StringComparison.Ordinal);
        }

        // The backlog drains (card refreshes and notices too), and readiness says so by itself.
        var status = await ReadyAsync();
        for (var i = 0; i < 30 && status.GetProperty("status").GetString() != "ready"; i++)
        {
            await RunAsync(TimeSpan.FromSeconds(30));
            status = await ReadyAsync();
        }

        Assert.True(status.GetProperty("status").GetString() == "ready", status.ToString());
    }

    private FakeChannel? Room(int number) =>
        _slack.Slack.Channels.FirstOrDefault(c => c.Name.StartsWith($"inc-{number:D4}", StringComparison.Ordinal) && c.Messages.Count >= 2);

    private static string Posted(FakeChannel room) => string.Join("\n", room.Messages.Skip(2).Select(m => m.Text));

    private async Task SayOnPageAsync(string text)
    {
        using var response = await _slack.Client.PostAsJsonAsync("/api/commands", new { text, user = "carol", channel = "web" });
        response.EnsureSuccessStatusCode();
    }

    private async Task<JsonElement> ReadyAsync()
    {
        using var response = await _slack.Client.GetAsync(new Uri("/readyz", UriKind.Relative));
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    /// <summary>Moves the bot's clock forward in small steps, letting the delivery loop act at each.</summary>
    private async Task RunAsync(TimeSpan span)
    {
        for (var moved = TimeSpan.Zero; moved < span; moved += TimeSpan.FromMilliseconds(250))
        {
            _clock.Advance(TimeSpan.FromMilliseconds(250));
            await Task.Delay(2);
        }
    }

    /// <summary>Moves the bot's clock until <paramref name="found"/> gives a value, for at most 15 minutes of it.</summary>
    private async Task RunUntilAsync(Func<bool> holds, string what) => await RunUntilAsync(() => holds() ? what : null, what);

    private async Task<T> RunUntilAsync<T>(Func<T?> found, string what)
        where T : class
    {
        for (var minute = 0.0; minute < 15; minute += 0.25)
        {
            if (found() is { } value)
            {
                return value;
            }

            await RunAsync(TimeSpan.FromSeconds(15));
        }

        throw new TimeoutException($"Not seen within 15 minutes of the bot's clock: {what}");
    }
}
