using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using IncidentBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using static IncidentBot.Tests.Alerts.AlertmanagerWebhook;

namespace IncidentBot.Tests.Alerts;

/// <summary>
/// What a real Alertmanager does, over HTTP: repeats long after the window, max_alerts truncation,
/// deliveries out of order, and alerts that carry words, links and services. Time is a fake clock.
/// </summary>
public sealed class AlertmanagerTests : IDisposable
{
    private const string Token = "am-token";
    private readonly FakeTimeProvider _clock = new(T0);
    private readonly RecordingLogs _logs = new();
    private readonly BotFactory _bot;
    private readonly HttpClient _client;

    public AlertmanagerTests() : this([])
    {
    }

    private AlertmanagerTests(params (string Key, string? Value)[] settings)
    {
        _bot = new BotFactory([("Alerts:Token", Token), ("Alerts:WindowMinutes", "1"), .. settings])
        {
            TestServices = services =>
            {
                services.AddSingleton<TimeProvider>(_clock);
                services.AddSingleton<ILoggerProvider>(_logs);
            },
        };
        _client = _bot.CreateClient();
    }

    public void Dispose()
    {
        _client.Dispose();
        _bot.Dispose();
    }

    private async Task<JsonElement> PostAsync(string body, string token = Token, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/alerts/alertmanager") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.UserAgent.ParseAdd("Alertmanager/0.25.0");
        using var response = await _client.SendAsync(request);
        Assert.Equal(expected, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private static string[] Opened(JsonElement result) => [.. result.GetProperty("opened").EnumerateArray().Select(e => e.GetString()!)];

    private static string[] Joined(JsonElement result) => [.. result.GetProperty("joined").EnumerateArray().Select(e => e.GetString()!)];

    private Task<JsonElement> IncidentAsync(string id) => _client.GetFromJsonAsync<JsonElement>($"/api/incidents/{id}");

    private async Task<int> IncidentCountAsync() => (await _client.GetFromJsonAsync<JsonElement>("/api/incidents?all=true")).GetArrayLength();

    [Fact]
    public async Task A_repeat_of_a_still_firing_alert_stays_in_its_incident_however_late_it_comes()
    {
        Assert.Equal(["INC-0001"], Opened(await PostAsync(Body("firing", Alert("f1", "firing", T0)))));

        // Alertmanager's repeat_interval is longer than the bot's window: every repeat comes "late".
        for (var repeat = 1; repeat <= 3; repeat++)
        {
            _clock.Advance(TimeSpan.FromMinutes(5));
            Assert.Equal(["INC-0001"], Joined(await PostAsync(Body("firing", Alert("f1", "firing", T0)))));
        }

        Assert.Equal(1, await IncidentCountAsync());

        // Prometheus restarted and gave the still-firing alert a new start: still the same incident.
        _clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(["INC-0001"], Joined(await PostAsync(Body("firing", Alert("f1", "firing", T0.AddMinutes(14))))));

        // The window is for new firings: once it resolved and stayed quiet, a new firing is a new incident.
        await PostAsync(Body("resolved", Alert("f1", "resolved", T0, endsAt: T0.AddMinutes(16))));
        _clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(["INC-0002"], Opened(await PostAsync(Body("firing", Alert("f1", "firing", T0.AddMinutes(20))))));
    }

    [Fact]
    public async Task Repeats_of_an_alert_someone_dismissed_do_not_open_it_again()
    {
        await PostAsync(Body("firing", Alert("f1", "firing", T0)));
        using (var dismissed = await _client.PostAsJsonAsync("/api/commands", new { text = "/incident dismiss INC-0001 a known flapping probe", user = "alice", channel = "web" }))
        {
            Assert.Contains("dismissed", await dismissed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        for (var repeat = 1; repeat <= 2; repeat++)
        {
            _clock.Advance(TimeSpan.FromMinutes(30));
            var result = await PostAsync(Body("firing", Alert("f1", "firing", T0)));
            Assert.Equal(["INC-0001"], result.GetProperty("ignored").EnumerateArray().Select(e => e.GetString()!));
            Assert.Empty(Opened(result));
        }

        // A new alert of the group is news again.
        Assert.Equal(["INC-0002"], Opened(await PostAsync(Body("firing", Alert("f1", "firing", T0), Alert("f2", "firing", T0.AddMinutes(50))))));
    }

    [Fact]
    public async Task Alerts_left_out_by_max_alerts_are_counted_and_never_taken_as_resolved()
    {
        var five = Enumerable.Range(1, 5).Select(i => Alert($"f{i}", "firing", T0)).ToArray();
        await PostAsync(Body("firing", 7, "{}:{alertname=\"CheckoutErrors\"}", five));
        var alerts = (await IncidentAsync("INC-0001")).GetProperty("alerts");
        Assert.Equal((5, 7), (alerts.GetProperty("firing").GetInt32(), alerts.GetProperty("unlisted").GetInt32()));

        // The five listed ones resolve; seven were never listed, and may still fire.
        var resolved = Enumerable.Range(1, 5).Select(i => Alert($"f{i}", "resolved", T0)).ToArray();
        await PostAsync(Body("resolved", 7, "{}:{alertname=\"CheckoutErrors\"}", resolved));
        alerts = (await IncidentAsync("INC-0001")).GetProperty("alerts");
        Assert.Equal((0, 7), (alerts.GetProperty("firing").GetInt32(), alerts.GetProperty("unlisted").GetInt32()));
        var card = await StatusAsync();
        Assert.Contains("7 not listed by Alertmanager", card, StringComparison.Ordinal);

        // Without max_alerts cutting the list and nothing firing, it is over.
        await PostAsync(Body("resolved", 0, "{}:{alertname=\"CheckoutErrors\"}", resolved));
        Assert.Equal(0, (await IncidentAsync("INC-0001")).GetProperty("alerts").GetProperty("unlisted").GetInt32());
    }

    private async Task<string> StatusAsync()
    {
        using var response = await _client.PostAsJsonAsync("/api/commands", new { text = "/incident status INC-0001", user = "alice", channel = "web" });
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task A_firing_delivered_after_its_resolution_does_not_bring_the_alert_back()
    {
        await PostAsync(Body("firing", Alert("f1", "firing", T0)));
        await PostAsync(Body("resolved", Alert("f1", "resolved", T0, endsAt: T0.AddMinutes(4))));

        // The other Alertmanager of an HA pair delivers its older notifications late.
        await PostAsync(Body("firing", Alert("f1", "firing", T0)));
        await PostAsync(Body("firing", Alert("f1", "firing", T0.AddMinutes(-10))));
        Assert.Equal(0, (await IncidentAsync("INC-0001")).GetProperty("alerts").GetProperty("firing").GetInt32());

        // A firing with a later start is the alert coming back.
        await PostAsync(Body("firing", Alert("f1", "firing", T0.AddMinutes(8))));
        Assert.Equal(1, (await IncidentAsync("INC-0001")).GetProperty("alerts").GetProperty("firing").GetInt32());
    }

    [Fact]
    public async Task What_the_alert_says_reaches_the_incident_its_card_timeline_and_postmortem()
    {
        var fixture = File.ReadAllText(Path.Combine(AlertPayloadTests.Fixtures, "alertmanager_v4.json"));
        Assert.Equal(["INC-0001"], Opened(await PostAsync(fixture)));

        var incident = await IncidentAsync("INC-0001");
        Assert.Equal("HighErrorRate: High error rate on api-1", incident.GetProperty("title").GetString());
        Assert.Equal("SEV2", incident.GetProperty("severity").GetString());
        Assert.Equal(["api"], incident.GetProperty("services").EnumerateArray().Select(s => s.GetString()));
        var first = incident.GetProperty("alerts").GetProperty("first"); // api-2 started ten minutes before api-1, and has resolved since
        Assert.Equal("5xx ratio is 0.4% over the last 5m", first.GetProperty("annotations").GetProperty("description").GetString());
        Assert.StartsWith("http://alertmanager:9093/#/silences/new?filter=%7Balertname%3D%22HighErrorRate%22", first.GetProperty("silenceUrl").GetString(), StringComparison.Ordinal);

        var card = await StatusAsync();
        Assert.Contains("5xx ratio is 7.2% over the last 5m", card, StringComparison.Ordinal);
        Assert.Contains("instance=api-1:8080, job=api, severity=critical", card, StringComparison.Ordinal);
        var links = JsonDocument.Parse(card).RootElement.GetProperty("links").EnumerateArray().ToDictionary(l => l.GetProperty("title").GetString()!, l => l.GetProperty("url").GetString()!);
        Assert.Equal("https://runbooks.example.com/high-error-rate", links["HighErrorRate: runbook"]);
        Assert.StartsWith("http://alertmanager:9093/#/silences/new?filter=", links["HighErrorRate: silence"], StringComparison.Ordinal);

        var timeline = await _client.GetStringAsync(new Uri("/api/incidents/INC-0001/timeline", UriKind.Relative));
        Assert.Contains("2 alerts: HighErrorRate (api-1:8080) firing, HighErrorRate (api-2:8080) resolved", timeline, StringComparison.Ordinal);

        var draft = await _client.GetStringAsync(new Uri("/api/incidents/INC-0001/postmortem?format=md", UriKind.Relative));
        Assert.Contains("HighErrorRate (api-2:8080) fired first, at 2024-05-01 18:50 (alertmanager).", draft, StringComparison.Ordinal);
        Assert.Contains("https://runbooks.example.com/high-error-rate", draft, StringComparison.Ordinal);
        Assert.DoesNotContain("Which alert fired first", draft, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_alert_that_names_one_of_our_runbooks_makes_it_the_first_proposal()
    {
        await PostAsync(Body("firing", Alert("f1", "firing", T0, annotations: new() { ["runbook_url"] = "https://git.example.com/ops/runbooks/blob/main/memcached-saturation.md" })));
        using var declared = await _client.PostAsJsonAsync("/api/commands", new { text = "/incident declare INC-0001", user = "alice", channel = "web" });
        var proposals = (await IncidentAsync("INC-0001")).GetProperty("proposals");
        Assert.Equal("memcached-saturation", proposals[0].GetProperty("id").GetString());
        Assert.Contains("named by the alert CheckoutErrors", proposals[0].GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task A_wrong_token_is_refused_logged_and_counted()
    {
        await PostAsync(Body("firing", Alert("f1", "firing", T0)), token: "not-the-token", expected: HttpStatusCode.Unauthorized);
        await PostAsync(Body("firing", Alert("f1", "firing", T0)), token: "not-the-token", expected: HttpStatusCode.Unauthorized);
        Assert.Equal(0, await IncidentCountAsync());
        Assert.Contains("incidentbot_alert_deliveries_refused_total{endpoint=\"alertmanager\",reason=\"bad_token\"} 2", await _client.GetStringAsync(new Uri("/metrics", UriKind.Relative)), StringComparison.Ordinal);
        Assert.Single(_logs.Lines, l => l.Level == LogLevel.Warning && l.Message.Contains("/alerts/alertmanager (bad_token)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_long_title_is_cut_between_characters_not_inside_an_emoji()
    {
        // "CheckoutErrors: " and 182 letters are 198 characters: a cut at 199 would keep half of the first 🔥.
        var summary = new string('x', 182) + "🔥🔥🔥🔥🔥 checkout";
        await PostAsync(Body("firing", Alert("f1", "firing", T0, annotations: new() { ["summary"] = summary })));
        var title = (await IncidentAsync("INC-0001")).GetProperty("title").GetString()!;
        Assert.True(title.Length <= 200, $"{title.Length} characters");
        Assert.EndsWith("…", title, StringComparison.Ordinal);
        Assert.DoesNotContain('\uFFFD', title);
        Assert.False(char.IsHighSurrogate(title[^2]), "the cut split an emoji");
    }

    [Fact]
    public async Task Severities_and_services_come_from_settings_and_groups_can_be_alertmanagers_own()
    {
        using var configured = new AlertmanagerTests(("Alerts:Severity:critical", "sev1"), ("Alerts:ServiceLabel", "team"), ("Alerts:GroupBy", "alertmanager"));
        var key = "{}/{team=\"payments\"}:{team=\"payments\"}";
        var opened = await configured.PostAsync(Body("firing", 0, key,
            Alert("f1", "firing", T0, name: "CheckoutErrors", labels: new() { ["team"] = "payments" }),
            Alert("f2", "firing", T0, name: "CheckoutLatency", labels: new() { ["team"] = "payments" })));
        Assert.Equal(["INC-0001"], Opened(opened));
        var incident = await configured.IncidentAsync("INC-0001");
        Assert.Equal("SEV1", incident.GetProperty("severity").GetString());
        Assert.Equal(["payments"], incident.GetProperty("services").EnumerateArray().Select(s => s.GetString()));
    }
}
