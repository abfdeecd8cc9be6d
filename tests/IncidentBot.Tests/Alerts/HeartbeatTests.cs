using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using IncidentBot.Alerts;
using IncidentBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static IncidentBot.Tests.Alerts.AlertmanagerWebhook;

namespace IncidentBot.Tests.Alerts;

/// <summary>Monitoring that notices when monitoring is down: a heartbeat that stops opens one Detected incident.</summary>
public sealed class HeartbeatTests : IDisposable
{
    private const string Token = "hb-token";
    private readonly FakeTimeProvider _clock = new(T0);
    private readonly TempDatabase _database = new();
    private BotFactory _bot;
    private HttpClient _client;

    public HeartbeatTests() => (_bot, _client) = Start();

    private (BotFactory, HttpClient) Start()
    {
        var bot = new BotFactory(("Alerts:Token", Token), ("Storage:Sqlite:Path", _database.Path)) { TestServices = s => s.AddSingleton<TimeProvider>(_clock) };
        return (bot, bot.CreateClient());
    }

    private void Restart()
    {
        _client.Dispose();
        _bot.Dispose();
        (_bot, _client) = Start();
    }

    public void Dispose()
    {
        _client.Dispose();
        _bot.Dispose();
        _database.Dispose();
    }

    private async Task<HttpResponseMessage> PostAsync(string path, string body, string token = Token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await _client.SendAsync(request);
    }

    private async Task<JsonElement[]> IncidentsAsync() => [.. (await _client.GetFromJsonAsync<JsonElement>("/api/incidents?all=true")).EnumerateArray()];

    private Task<HttpResponseMessage> WatchdogAsync() =>
        PostAsync("/alerts/alertmanager", Body("firing", 0, "{}:{alertname=\"Watchdog\"}", Alert("wd", "firing", T0.AddHours(-1), name: "Watchdog", service: "prometheus")));

    /// <summary>Runs the watch's round now (it also runs on its own timer), so each step is known to have happened.</summary>
    private Task CheckAsync() => _bot.Services.GetRequiredService<HeartbeatMonitor>().CheckAsync(CancellationToken.None);

    private async Task<JsonElement> FiringAsync(string id) => (await _client.GetFromJsonAsync<JsonElement>($"/api/incidents/{id}")).GetProperty("alerts");

    [Fact]
    public async Task A_watchdog_that_stops_opens_one_detected_incident_and_its_return_resolves_it()
    {
        using (var beat = await WatchdogAsync())
        {
            Assert.Equal(HttpStatusCode.OK, beat.StatusCode);
        }

        await CheckAsync();
        Assert.Empty(await IncidentsAsync()); // an always-firing heartbeat is not an incident

        _clock.Advance(TimeSpan.FromMinutes(11));
        await CheckAsync();
        var incidents = await IncidentsAsync();
        Assert.Equal("Monitoring is silent: no Watchdog (instance=wd:9100, service=prometheus) since 2026-11-30 09:00 UTC", Assert.Single(incidents).GetProperty("title").GetString());
        Assert.Equal("detected", incidents[0].GetProperty("phase").GetString());

        _clock.Advance(TimeSpan.FromMinutes(11));
        await CheckAsync();
        Assert.Single(await IncidentsAsync());

        using (var beat = await WatchdogAsync())
        {
            Assert.Equal(HttpStatusCode.OK, beat.StatusCode);
        }

        var alerts = await FiringAsync("INC-0001");
        Assert.Equal((0, 1), (alerts.GetProperty("firing").GetInt32(), alerts.GetProperty("resolved").GetInt32()));
    }

    [Fact]
    public async Task A_silence_that_began_while_the_bot_was_down_is_noticed_once_after_restarts()
    {
        using (var beat = await PostAsync("/alerts/heartbeat/nightly-backup", ""))
        {
            Assert.Equal(HttpStatusCode.OK, beat.StatusCode);
        }

        _client.Dispose();
        _bot.Dispose();
        _clock.Advance(TimeSpan.FromMinutes(30));
        (_bot, _client) = Start();

        // While the bot was down it heard nothing: it gives every heartbeat a full timeout from its start.
        await CheckAsync();
        Assert.Empty(await IncidentsAsync());
        _clock.Advance(TimeSpan.FromMinutes(11));
        await CheckAsync();
        Assert.Contains("no nightly-backup since 2026-11-30 09:00 UTC", Assert.Single(await IncidentsAsync()).GetProperty("title").GetString(), StringComparison.Ordinal);

        Restart();
        _clock.Advance(TimeSpan.FromMinutes(30));
        await CheckAsync();
        Assert.Single(await IncidentsAsync());

        // It comes back, saying it runs daily: its silence resolves, and a quiet day is not a new one.
        using (var back = await PostAsync("/alerts/heartbeat/nightly-backup?every=25h", ""))
        {
            Assert.Equal(HttpStatusCode.OK, back.StatusCode);
        }

        Assert.Equal(0, (await FiringAsync("INC-0001")).GetProperty("firing").GetInt32());
        _clock.Advance(TimeSpan.FromHours(20));
        await CheckAsync();
        Assert.Single(await IncidentsAsync());
        Assert.DoesNotContain((await IncidentsAsync()).Select(i => i.GetProperty("title").GetString()!), t => t.Contains("Watchdog", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_heartbeat_needs_the_alerts_token_and_a_plain_name()
    {
        using var wrong = await PostAsync("/alerts/heartbeat/nightly-backup", "", token: "nope");
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        using var bad = await PostAsync("/alerts/heartbeat/" + Uri.EscapeDataString("a b"), "");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        using var period = await PostAsync("/alerts/heartbeat/nightly-backup?every=soon", "");
        Assert.Equal(HttpStatusCode.BadRequest, period.StatusCode);
    }
}
