using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using IncidentBot.FakeSlack;
using IncidentBot.Chat.Slack;
using IncidentBot.Tests.Support;

namespace IncidentBot.Tests.Slack;

/// <summary>
/// The bot wired to a fake Slack on loopback, and Slack's side of the conversation: signed slash
/// commands, button presses and events, as Slack sends them.
/// </summary>
public sealed class SlackHarness : IAsyncDisposable
{
    public const string Secret = "8f742231b10e8888abcd99yyyzzz85a5";
    public const string Alice = "UALICE001";
    public const string Bob = "UBOB00001";
    public const string Responder = "URESP0001";

    private readonly List<(string Key, string? Value)> _settings;
    private readonly Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? _services;
    private int _event;

    private readonly bool _ownsSlack;

    private SlackHarness(FakeSlackServer slack, string databasePath, (string Key, string? Value)[] settings, Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? services = null, SlackHarness? sibling = null)
    {
        _services = services;
        Slack = slack;
        DatabasePath = databasePath;
        _ownsSlack = sibling is null;
        General = sibling?.General ?? slack.AddChannel("general");
        Broadcast = sibling?.Broadcast ?? slack.AddChannel("incidents");
        slack.AddUser(Alice, "alice");
        slack.AddUser(Bob, "bob");
        _settings =
        [
            ("Storage:Sqlite:Path", databasePath),
            ("Slack:SigningSecret", Secret),
            ("Slack:BotToken", FakeSlackServer.BotToken),
            ("Slack:ApiBaseUrl", slack.ApiBaseUrl.ToString()),
            ("Slack:BroadcastChannel", Broadcast.Id),
            ("Slack:Responders", Responder),
            ("Slack:PublicUrl", "https://incidents.example.com/"),
            ("Slack:RetryBaseSeconds", "0.05"),
            ("Slack:RetryMaxSeconds", "0.5"),
            ("Slack:ChannelIntervalSeconds", "0.05"),
        ];
        foreach (var (key, value) in settings)
        {
            _settings.RemoveAll(s => s.Key == key);
            _settings.Add((key, value));
        }

        Bot = new BotFactory([.. _settings]) { TestServices = _services };
        Client = Bot.CreateClient();
    }

    public FakeSlackServer Slack { get; }
    public FakeChannel General { get; }
    public FakeChannel Broadcast { get; }
    public string DatabasePath { get; }
    public BotFactory Bot { get; private set; }
    public HttpClient Client { get; private set; }

    public static async Task<SlackHarness> StartAsync(TempDatabase database, params (string Key, string? Value)[] settings) =>
        new(await FakeSlackServer.StartAsync(), database.Path, settings);

    /// <summary>The bot with services of the test's own added (kept across restarts).</summary>
    public static async Task<SlackHarness> StartAsync(TempDatabase database, Action<Microsoft.Extensions.DependencyInjection.IServiceCollection> services, params (string Key, string? Value)[] settings) =>
        new(await FakeSlackServer.StartAsync(), database.Path, settings, services);

    /// <summary>The bot on a shared PostgreSQL database, as a replica is (claims last 3 s), with settings of the test's own on top; <paramref name="unused"/> only names a SQLite path it never opens.</summary>
    internal static Task<SlackHarness> OnPostgresAsync(TempDatabase unused, TempPostgresDatabase database, params (string Key, string? Value)[] settings) =>
        StartAsync(unused, [("Storage:Provider", "Postgres"), ("ConnectionStrings:Postgres", database.ConnectionString), ("Storage:Postgres:LeaseSeconds", "3"), .. settings]);

    /// <summary>A second bot on the same Slack workspace and settings (another replica, on a shared database), with settings of its own on top.</summary>
    public SlackHarness Replica(params (string Key, string? Value)[] settings) =>
        new(Slack, DatabasePath, [.. _settings.Where(s => !settings.Any(o => o.Key == s.Key)), .. settings], _services, this);

    /// <summary>Stops the bot and starts it again on the same database, as after a crash or deploy.</summary>
    public async Task RestartAsync()
    {
        Client.Dispose();
        await Bot.DisposeAsync();
        Bot = new BotFactory([.. _settings]) { TestServices = _services };
        Client = Bot.CreateClient();
    }

    public static string Sign(string body, long timestamp) => SlackSignature.Compute(Secret, timestamp.ToString(CultureInfo.InvariantCulture), Encoding.UTF8.GetBytes(body));

    public async Task<HttpResponseMessage> PostSignedAsync(string path, string body, string contentType, long? timestamp = null, string? signature = null, int? retry = null)
    {
        var ts = timestamp ?? DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, contentType) };
        request.Headers.Add("X-Slack-Request-Timestamp", ts.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("X-Slack-Signature", signature ?? Sign(body, ts));
        if (retry is { } n)
        {
            request.Headers.Add("X-Slack-Retry-Num", n.ToString(CultureInfo.InvariantCulture));
            request.Headers.Add("X-Slack-Retry-Reason", "http_timeout");
        }

        return await Client.SendAsync(request);
    }

    public static string CommandForm(string text, string user, string userName, string channel) =>
        string.Join('&', new Dictionary<string, string>
        {
            ["token"] = "deprecated",
            ["team_id"] = "T0001",
            ["team_domain"] = "example",
            ["channel_id"] = channel,
            ["channel_name"] = "room",
            ["user_id"] = user,
            ["user_name"] = userName,
            ["command"] = "/incident",
            ["text"] = text,
            ["response_url"] = "https://hooks.slack.com/commands/T0001/1/x",
            ["trigger_id"] = "trigger." + Guid.NewGuid().ToString("N"),
            ["api_app_id"] = "A0001",
        }.Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value)}"));

    /// <summary>A signed <c>/incident {text}</c>; returns Slack's view of the answer.</summary>
    public async Task<JsonObject> CommandAsync(string text, string user = Alice, string? channel = null, string? userName = null)
    {
        var name = userName ?? (user == Alice ? "alice" : user == Bob ? "bob" : user.ToLowerInvariant());
        using var response = await PostSignedAsync("/slack/commands", CommandForm(text, user, name, channel ?? General.Id), "application/x-www-form-urlencoded");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        return body.Length == 0 ? [] : JsonNode.Parse(body)!.AsObject();
    }

    public async Task<HttpResponseMessage> InteractAsync(JsonObject payload)
    {
        var body = "payload=" + Uri.EscapeDataString(payload.ToJsonString());
        return await PostSignedAsync("/slack/interactions", body, "application/x-www-form-urlencoded");
    }

    /// <summary>Presses the button labelled <paramref name="label"/> on a message the bot posted in <paramref name="channel"/>.</summary>
    public async Task<HttpResponseMessage> PressAsync(FakeChannel channel, FakeMessage message, string label, string user = Alice)
    {
        var button = Buttons(message).FirstOrDefault(b => b["text"]!["text"]!.GetValue<string>() == label)
            ?? throw new InvalidOperationException($"No button \"{label}\" on the message; it has: {string.Join(", ", Buttons(message).Select(b => b["text"]!["text"]))}");
        return await InteractAsync(new JsonObject
        {
            ["type"] = "block_actions",
            ["user"] = new JsonObject { ["id"] = user, ["username"] = user == Alice ? "alice" : "bob" },
            ["trigger_id"] = "trigger." + Guid.NewGuid().ToString("N"),
            ["channel"] = new JsonObject { ["id"] = channel.Id },
            ["container"] = new JsonObject { ["type"] = "message", ["message_ts"] = message.Ts, ["channel_id"] = channel.Id },
            ["actions"] = new JsonArray(new JsonObject
            {
                ["action_id"] = button["action_id"]!.GetValue<string>(),
                ["value"] = button["value"]!.GetValue<string>(),
                ["type"] = "button",
                ["action_ts"] = "1700000000.000001",
            }),
        });
    }

    public static IReadOnlyList<JsonObject> Buttons(FakeMessage message) =>
        [.. JsonNode.Parse(message.Blocks ?? "[]")!.AsArray()
            .Where(b => b!["type"]!.GetValue<string>() == "actions")
            .SelectMany(b => b!["elements"]!.AsArray())
            .Select(e => e!.AsObject())];

    public async Task<HttpResponseMessage> EventAsync(JsonObject e, string? eventId = null, int? retry = null)
    {
        var envelope = new JsonObject
        {
            ["token"] = "deprecated",
            ["team_id"] = "T0001",
            ["api_app_id"] = "A0001",
            ["event"] = e,
            ["type"] = "event_callback",
            ["event_id"] = eventId ?? $"Ev{Interlocked.Increment(ref _event):D6}",
            ["event_time"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["authorizations"] = new JsonArray(new JsonObject { ["team_id"] = "T0001", ["user_id"] = FakeSlackServer.BotUser, ["is_bot"] = true }),
        };
        return await PostSignedAsync("/slack/events", envelope.ToJsonString(), "application/json", retry: retry);
    }

    public static JsonObject Message(string channel, string user, string text, string ts) =>
        new() { ["type"] = "message", ["channel"] = channel, ["user"] = user, ["text"] = text, ["ts"] = ts, ["event_ts"] = ts, ["channel_type"] = "channel" };

    /// <summary>Waits until <paramref name="condition"/> holds (the outbox delivers in the background).</summary>
    public static Task EventuallyAsync(Func<bool> condition, string what, int seconds = 15) => Eventually.HoldsAsync(condition, what, seconds);

    /// <summary>Waits until the asynchronous <paramref name="condition"/> holds.</summary>
    public static Task EventuallyAsync(Func<Task<bool>> condition, string what, int seconds = 15) => Eventually.HoldsAsync(condition, what, seconds);

    /// <summary>Waits until the outbox is empty: everything the bot had to say in Slack was said (or dropped, with a reason).</summary>
    public Task QuietAsync(string what = "an empty outbox") =>
        EventuallyAsync(async () => (await Client.GetStringAsync(new Uri("/metrics", UriKind.Relative))).Contains("incidentbot_outbox_depth 0\n", StringComparison.Ordinal), what);

    /// <summary>Alertmanager's webhook (version 4) for one alert group, sent with the bearer token <paramref name="token"/>.</summary>
    public async Task AlertmanagerAsync(string status, string token, params string[] fingerprints)
    {
        var body = new JsonObject
        {
            ["version"] = "4",
            ["groupKey"] = "{}:{alertname=\"CheckoutErrors\"}",
            ["status"] = status,
            ["receiver"] = "incidentbot",
            ["groupLabels"] = new JsonObject { ["alertname"] = "CheckoutErrors" },
            ["alerts"] = new JsonArray([.. fingerprints.Select(f => (JsonNode)new JsonObject
            {
                ["status"] = status,
                ["labels"] = new JsonObject { ["alertname"] = "CheckoutErrors", ["service"] = "checkout", ["severity"] = "critical", ["instance"] = f },
                ["annotations"] = new JsonObject { ["summary"] = "checkout 5xx over 5%" },
                ["startsAt"] = "2026-11-30T10:00:00Z",
                ["endsAt"] = status == "resolved" ? "2026-11-30T10:20:00Z" : "0001-01-01T00:00:00Z",
                ["fingerprint"] = f,
            })]),
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/alerts/alertmanager") { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        using var response = await Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>The war room the bot created for incident number <paramref name="number"/>.</summary>
    public async Task<FakeChannel> RoomAsync(int number)
    {
        FakeChannel? room = null;
        await EventuallyAsync(() => (room = Slack.Channels.FirstOrDefault(c => c.Name.StartsWith($"inc-{number:D4}", StringComparison.Ordinal))) is not null
            && room.Messages.Count >= 2, $"the war room of incident {number} with its card and board");
        return room!;
    }

    public async Task<JsonElement> IncidentAsync(string id)
    {
        using var response = await Client.GetAsync(new Uri($"/api/incidents/{id}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Bot.DisposeAsync();
        if (_ownsSlack)
        {
            await Slack.DisposeAsync();
        }
    }
}
