using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using IncidentBot.Tests.Support;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentBot.Tests.Alerts;

/// <summary>Alerts in over HTTP: authenticated, grouped into Detected incidents, deduplicated, resolved.</summary>
public sealed class AlertEndpointTests : IDisposable
{
    private const string Token = "alerts-test-token";
    private const string Topic = "arn:aws:sns:us-east-1:123456789012:cloudwatch-alarms";
    private readonly string _certificates = Directory.CreateTempSubdirectory("incidentbot-sns-").FullName;
    private readonly SnsVerifierTests.TestSigner _signer;
    private readonly BotFactory _bot;
    private readonly HttpClient _client;
    private readonly List<Uri> _confirmed = [];

    public AlertEndpointTests()
    {
        _signer = new SnsVerifierTests.TestSigner(_certificates);
        _bot = new BotFactory(("Alerts:Token", Token), ("Alerts:Sns:AllowedTopicArns", "arn:aws:sns:us-east-1:123456789012:cloudwatch-*"),
            ("Alerts:Sns:CertificateDirectory", _certificates), ("Alerts:Grafana:Secret", "test-hmac-secret"));
        _client = _bot.WithWebHostBuilder(b => b.ConfigureTestServices(services =>
            services.AddHttpClient("sns").ConfigurePrimaryHttpMessageHandler(() => new Recording(_confirmed)))).CreateClient();
    }

    public void Dispose()
    {
        _client.Dispose();
        _bot.Dispose();
        _signer.Dispose();
        Directory.Delete(_certificates, recursive: true);
    }

    private async Task<HttpResponseMessage> PostAsync(string path, string body, string? token = Token, Action<HttpRequestMessage>? headers = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        headers?.Invoke(request);
        return await _client.SendAsync(request);
    }

    private async Task<JsonElement> IncidentAsync(string id) => await _client.GetFromJsonAsync<JsonElement>($"/api/incidents/{id}");

    private async Task<int> CountAsync() => (await _client.GetFromJsonAsync<JsonElement>("/api/incidents?all=true")).GetArrayLength();

    private static string Alertmanager(string name, string service, string status, params string[] fingerprints) => new JsonObject
    {
        ["version"] = "4",
        ["status"] = status,
        ["alerts"] = new JsonArray([.. fingerprints.Select(f => (JsonNode)new JsonObject
        {
            ["status"] = status,
            ["labels"] = new JsonObject { ["alertname"] = name, ["service"] = service, ["severity"] = "critical", ["instance"] = f },
            ["annotations"] = new JsonObject { ["summary"] = $"{name} on {service}" },
            ["startsAt"] = "2026-11-22T10:00:00Z",
            ["endsAt"] = status == "resolved" ? "2026-11-22T10:30:00Z" : "0001-01-01T00:00:00Z",
            ["fingerprint"] = f,
        })]),
    }.ToJsonString();

    [Fact]
    public async Task Alerts_without_the_token_are_refused_and_change_nothing()
    {
        using (var none = await PostAsync("/alerts/alertmanager", Alertmanager("X", "api", "firing", "f1"), token: null))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        }

        using (var wrong = await PostAsync("/alerts/generic", """{"name":"X"}""", token: "nope"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        Assert.Equal(0, await CountAsync());
    }

    [Fact]
    public async Task A_group_of_alerts_opens_one_detected_incident_and_retries_change_nothing()
    {
        using (var first = await PostAsync("/alerts/alertmanager", Alertmanager("HighErrorRate", "checkout", "firing", "a1", "a2")))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        var incident = await IncidentAsync("INC-0001");
        Assert.Equal("detected", incident.GetProperty("phase").GetString());
        Assert.Equal("alertmanager", incident.GetProperty("detectionSource").GetString());
        Assert.Equal("SEV2", incident.GetProperty("severity").GetString());
        Assert.Equal(2, incident.GetProperty("alerts").GetProperty("firing").GetInt32());
        Assert.Contains(incident.GetProperty("actions").EnumerateArray(), a => a.GetProperty("label").GetString() == "Declare");
        var version = incident.GetProperty("version").GetInt64();

        // Alertmanager resends the group (retry, repeat interval): nothing new is recorded.
        (await PostAsync("/alerts/alertmanager", Alertmanager("HighErrorRate", "checkout", "firing", "a1", "a2"))).Dispose();
        Assert.Equal(version, (await IncidentAsync("INC-0001")).GetProperty("version").GetInt64());

        // A new alert of the same group joins; another service is another incident.
        (await PostAsync("/alerts/alertmanager", Alertmanager("HighErrorRate", "checkout", "firing", "a3"))).Dispose();
        (await PostAsync("/alerts/alertmanager", Alertmanager("HighErrorRate", "search", "firing", "b1"))).Dispose();
        Assert.Equal(3, (await IncidentAsync("INC-0001")).GetProperty("alerts").GetProperty("total").GetInt32());
        Assert.Equal(2, await CountAsync());
    }

    [Fact]
    public async Task When_every_alert_has_resolved_the_bot_proposes_the_next_step_and_closes_nothing()
    {
        (await PostAsync("/alerts/alertmanager", Alertmanager("DiskFull", "db", "firing", "d1", "d2"))).Dispose();
        (await PostAsync("/alerts/alertmanager", Alertmanager("DiskFull", "db", "resolved", "d1"))).Dispose();
        (await PostAsync("/alerts/alertmanager", Alertmanager("DiskFull", "db", "resolved", "d2"))).Dispose();
        var incident = await IncidentAsync("INC-0001");
        Assert.Equal("detected", incident.GetProperty("phase").GetString());
        Assert.Equal(0, incident.GetProperty("alerts").GetProperty("firing").GetInt32());
        var timeline = await _client.GetFromJsonAsync<JsonElement>("/api/incidents/INC-0001/timeline");
        Assert.Equal(3, timeline.EnumerateArray().Count(e => e.GetProperty("kind").GetString() == "alerts"));
    }

    [Fact]
    public async Task Grafanas_hmac_is_checked_when_a_secret_is_set()
    {
        var body = await File.ReadAllTextAsync(Path.Combine(AlertPayloadTests.Fixtures, "grafana_webhook.json"));
        var vector = AlertPayloadTests.Fixture("grafana_hmac_vector_selfcomputed.json");
        using (var forged = await PostAsync("/alerts/grafana", body, headers: r => r.Headers.Add("X-Grafana-Alerting-Signature", new string('0', 64))))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        }

        Assert.Equal(0, await CountAsync());
        using var signed = await PostAsync("/alerts/grafana", body, headers: r => r.Headers.Add("X-Grafana-Alerting-Signature", vector["signature_no_timestamp"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.OK, signed.StatusCode);
        Assert.Equal(2, await CountAsync()); // two alert names, two groups
    }

    [Theory]
    [InlineData("/alerts/alertmanager", "{not json")]
    [InlineData("/alerts/alertmanager", """{"version":"4","alerts":[{"status":"firing"}]}""")]
    [InlineData("/alerts/generic", """{"alerts":[{"status":"firing"}]}""")]
    [InlineData("/alerts/sns", "not json")]
    public async Task Malformed_payloads_get_400(string path, string body)
    {
        using var response = await PostAsync(path, body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, await CountAsync());
    }

    private JsonObject Alarm(string state, string messageId, string topic = Topic) => _signer.Sign(
        CloudWatchAlarms.Notification(state, messageId, topic, new DateTimeOffset(2026, 11, 22, 10, state == "ALARM" ? 0 : 20, 0, TimeSpan.Zero)));

    [Fact]
    public async Task A_signed_cloudwatch_alarm_opens_an_incident_once_and_its_ok_resolves_it()
    {
        using (var alarm = await PostAsync("/alerts/sns", Alarm("ALARM", "m-1").ToJsonString(), token: null))
        {
            Assert.Equal(HttpStatusCode.OK, alarm.StatusCode);
        }

        using (var again = await PostAsync("/alerts/sns", Alarm("ALARM", "m-1").ToJsonString(), token: null))
        {
            Assert.Contains("seen before", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var incident = await IncidentAsync("INC-0001");
        Assert.Equal("cloudwatch", incident.GetProperty("detectionSource").GetString());
        Assert.Equal(1, incident.GetProperty("alerts").GetProperty("firing").GetInt32());
        Assert.Equal("prod-db", incident.GetProperty("alerts").GetProperty("firingAlerts")[0].GetProperty("labels").GetProperty("DBInstanceIdentifier").GetString());

        (await PostAsync("/alerts/sns", Alarm("OK", "m-2").ToJsonString(), token: null)).Dispose();
        Assert.Equal(0, (await IncidentAsync("INC-0001")).GetProperty("alerts").GetProperty("firing").GetInt32());
        Assert.Equal(1, await CountAsync());
    }

    [Fact]
    public async Task Forged_sns_messages_get_403_and_nothing_is_recorded()
    {
        var tampered = Alarm("ALARM", "m-3");
        tampered["Subject"] = "something else";
        using (var forged = await PostAsync("/alerts/sns", tampered.ToJsonString(), token: null))
        {
            Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        }

        using (var other = await PostAsync("/alerts/sns", Alarm("ALARM", "m-4", topic: "arn:aws:sns:us-east-1:999999999999:elsewhere").ToJsonString(), token: null))
        {
            Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        }

        var version = Alarm("ALARM", "m-5");
        version["SignatureVersion"] = "7";
        using (var unknown = await PostAsync("/alerts/sns", version.ToJsonString(), token: null))
        {
            Assert.Equal(HttpStatusCode.Forbidden, unknown.StatusCode);
        }

        Assert.Equal(0, await CountAsync());
    }

    [Fact]
    public async Task A_subscription_is_confirmed_only_for_an_allowed_topic_after_the_checks()
    {
        JsonObject Confirmation(string topic) => _signer.Sign(new JsonObject
        {
            ["Type"] = "SubscriptionConfirmation",
            ["MessageId"] = Guid.NewGuid().ToString(),
            ["Token"] = "token-1",
            ["TopicArn"] = topic,
            ["Message"] = "You have chosen to subscribe to the topic.",
            ["SubscribeURL"] = $"https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn={topic}&Token=token-1",
            ["Timestamp"] = "2026-11-22T10:00:00.000Z",
        });

        using (var refused = await PostAsync("/alerts/sns", Confirmation("arn:aws:sns:us-east-1:123456789012:other").ToJsonString(), token: null))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        Assert.Empty(_confirmed);
        using var confirmed = await PostAsync("/alerts/sns", Confirmation(Topic).ToJsonString(), token: null);
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        var url = Assert.Single(_confirmed);
        Assert.Equal("sns.us-east-1.amazonaws.com", url.Host);
    }

    /// <summary>SNS's side of a confirmation, without the network: records the GET and answers 200.</summary>
    private sealed class Recording(List<Uri> calls) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            lock (calls)
            {
                calls.Add(request.RequestUri!);
            }

            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("<ConfirmSubscriptionResponse/>") });
        }
    }
}
