using System.Net.Http.Headers;
using System.Text;
using CsCheck;
using IncidentBot.Tests.Slack;
using IncidentBot.Tests.Support;

namespace IncidentBot.Tests.Api;

/// <summary>
/// Generated bodies (broken and valid-looking JSON, forms, any Unicode, huge, empty) against every
/// endpoint that takes one, authenticated so the parsers behind the checks are reached: each is
/// answered with a 2xx or a 4xx, never a 5xx, and the bot still answers afterwards.
/// </summary>
public sealed class HostileBodyTests : IAsyncLifetime
{
    private const string AlertsToken = "fuzz-token";
    private readonly TempDatabase _database = new();
    private SlackHarness _slack = null!;

    public async Task InitializeAsync() => _slack = await SlackHarness.StartAsync(_database, ("Alerts:Token", AlertsToken));

    public async Task DisposeAsync()
    {
        await _slack.DisposeAsync();
        _database.Dispose();
    }

    private static readonly string[] Pieces =
    [
        "{", "}", "[", "]", "\"", ":", ",", "null", "true", "0", "-1", "1e999", "\"text\"", "\"user\"", "\"channel\"", "\"alerts\"",
        "\"status\"", "\"firing\"", "\"labels\"", "\"type\"", "\"event\"", "\"payload\"", "\"Type\"", "\"Notification\"", "\"Message\"",
        "\"/incident note x\"", "\"/incident start sev2 fuzz\"", "\"alice\"", "=", "&", "payload=", "text=", "user_id=U1", "channel_id=C1",
        "command=%2Fincident", "%", "%ZZ", "\\u0000", "\\", "🔥", "障害", " ", "\n",
    ];

    private static readonly Gen<string> Body = Gen.Frequency(
        (6, Gen.OneOf(Pieces).Array[0, 30].Select(p => string.Concat(p))),
        (2, Gen.String[0, 200]),
        (1, Gen.Const("{\"text\":\"/incident note " + new string('x', 100_000) + "\",\"user\":\"alice\"}")),
        (1, Gen.Const("")));

    private static readonly (string Path, string Method, string ContentType, string Auth)[] Endpoints =
    [
        ("/api/commands", "POST", "application/json", "none"),
        ("/api/postmortem/preview", "POST", "text/markdown", "none"),
        ("/api/incidents/INC-0001/postmortem/sections/root-cause?user=alice", "PUT", "text/markdown", "none"),
        ("/api/incidents/INC-0001/postmortem/sections/nosuch?user=alice", "PUT", "text/markdown", "none"),
        ("/slack/commands", "POST", "application/x-www-form-urlencoded", "slack"),
        ("/slack/interactions", "POST", "application/x-www-form-urlencoded", "slack"),
        ("/slack/events", "POST", "application/json", "slack"),
        ("/alerts/alertmanager", "POST", "application/json", "alerts"),
        ("/alerts/grafana", "POST", "application/json", "alerts"),
        ("/alerts/generic", "POST", "application/json", "alerts"),
        ("/alerts/heartbeat/nightly-backup", "POST", "application/json", "alerts"),
        ("/alerts/sns", "POST", "text/plain", "none"),
        ("/api/messages", "POST", "application/json", "none"),
    ];

    [Fact]
    public async Task Every_endpoint_answers_generated_bodies_with_2xx_or_4xx()
    {
        await _slack.CommandAsync("start sev2 the fuzzed incident");
        var served = new List<string>();
        foreach (var (path, method, contentType, auth) in Endpoints)
        {
            await Body.SampleAsync(async body =>
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent(body, Encoding.UTF8) };
                request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
                if (auth == "alerts")
                {
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AlertsToken);
                }
                else if (auth == "slack")
                {
                    var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
                    request.Headers.Add("X-Slack-Request-Timestamp", now.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    request.Headers.Add("X-Slack-Signature", SlackHarness.Sign(body, now));
                }

                using var response = await _slack.Client.SendAsync(request);
                Assert.True((int)response.StatusCode < 500, $"{method} {path} answered {(int)response.StatusCode} to: {(body.Length > 300 ? body[..300] + "…" : body)}\n{await response.Content.ReadAsStringAsync()}");
            }, iter: 300, threads: 1);
            served.Add(path);
        }

        Assert.Equal(Endpoints.Length, served.Count);
        var answer = await _slack.CommandAsync("status INC-0001");
        Assert.Contains("INC-0001", answer["text"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
