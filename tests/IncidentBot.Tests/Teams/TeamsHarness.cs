using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using IncidentBot.FakeTeams;
using IncidentBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IncidentBot.Tests.Teams;

/// <summary>
/// The bot wired to a fake Microsoft (Bot Connector, token service, published keys, Graph) on
/// loopback, and Teams' side of the conversation: activities with tokens signed by the published keys,
/// typed in a personal chat or in a channel thread, and card buttons pressed.
/// </summary>
public sealed class TeamsHarness : IAsyncDisposable
{
    public const string Alice = "29:1alice-aad-object";
    public const string Bob = "29:1bob-aad-object";

    private readonly List<(string Key, string? Value)> _settings;
    private readonly System.Collections.Concurrent.ConcurrentQueue<JsonObject> _shown = new();
    private long _activity = 1_764_500_000_000;

    private TeamsHarness(FakeTeamsServer teams, string databasePath, (string Key, string? Value)[] settings)
    {
        Teams = teams;
        Incidents = teams.AddChannel("Incidents");
        AliceChat = teams.AddChat(Alice);
        _settings =
        [
            ("Storage:Sqlite:Path", databasePath),
            ("Teams:AppId", FakeTeamsServer.AppId),
            ("Teams:AppPassword", FakeTeamsServer.AppPassword),
            ("Teams:IncidentsChannel", Incidents.Id),
            ("Teams:TeamId", FakeTeamsServer.TeamId),
            ("Teams:ServiceUrl", teams.ServiceUrl.ToString()),
            ("Teams:OpenIdMetadataUrl", teams.OpenIdMetadataUrl.ToString()),
            ("Teams:LoginUrl", teams.BaseUrl.ToString()),
            ("Teams:GraphUrl", teams.BaseUrl.ToString()),
            ("Teams:PublicUrl", "https://incidents.example.com/"),
            ("Teams:RetryBaseSeconds", "0.05"),
            ("Teams:RetryMaxSeconds", "0.5"),
        ];
        foreach (var (key, value) in settings)
        {
            _settings.RemoveAll(s => s.Key == key);
            _settings.Add((key, value));
        }

        Bot = Start();
        Client = Bot.CreateClient();
    }

    public FakeTeamsServer Teams { get; }

    /// <summary>What the bot logged, across restarts.</summary>
    public RecordingLogs Logs { get; } = new();

    /// <summary>The channel incidents are announced in and, in thread mode, get their threads.</summary>
    public FakeConversation Incidents { get; }

    public FakeConversation AliceChat { get; }

    public BotFactory Bot { get; private set; }

    public HttpClient Client { get; private set; }

    public static async Task<TeamsHarness> StartAsync(TempDatabase database, params (string Key, string? Value)[] settings) =>
        new(await FakeTeamsServer.StartAsync(), database.Path, settings);

    /// <summary>Stops the bot and starts it again on the same database, as after a crash or deploy.</summary>
    public async Task RestartAsync()
    {
        Client.Dispose();
        await Bot.DisposeAsync();
        Bot = Start();
        Client = Bot.CreateClient();
    }

    private BotFactory Start() => new([.. _settings]) { TestServices = services => services.AddSingleton<ILoggerProvider>(Logs) };

    /// <summary>An activity as Teams sends it, from <paramref name="user"/> in <paramref name="conversation"/>.</summary>
    public JsonObject Activity(string type, FakeConversation conversation, string user = Alice, string? text = null)
    {
        var channel = conversation.Id.Split(";messageid=")[0];
        var json = new JsonObject
        {
            ["type"] = type,
            ["id"] = (Interlocked.Increment(ref _activity)).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["timestamp"] = DateTimeOffset.UtcNow.ToString("O"),
            ["serviceUrl"] = Teams.ServiceUrl.ToString(),
            ["channelId"] = "msteams",
            ["from"] = new JsonObject { ["id"] = user, ["name"] = user == Alice ? "Alice Sato" : "Bob Tanaka", ["aadObjectId"] = Guid.NewGuid().ToString() },
            ["recipient"] = new JsonObject { ["id"] = FakeTeamsServer.BotId, ["name"] = "IncidentBot" },
            ["conversation"] = new JsonObject
            {
                ["id"] = conversation.Id,
                ["conversationType"] = conversation.Kind == "personal" ? "personal" : "channel",
                ["isGroup"] = conversation.Kind != "personal",
                ["tenantId"] = FakeTeamsServer.Tenant,
            },
            ["channelData"] = conversation.Kind == "personal"
                ? new JsonObject { ["tenant"] = new JsonObject { ["id"] = FakeTeamsServer.Tenant } }
                : new JsonObject
                {
                    ["tenant"] = new JsonObject { ["id"] = FakeTeamsServer.Tenant },
                    ["channel"] = new JsonObject { ["id"] = channel },
                    ["team"] = new JsonObject { ["id"] = "19:team-general@thread.tacv2", ["name"] = "Operations" },
                },
            ["locale"] = "en-US",
        };
        if (text is not null)
        {
            json["text"] = text;
            json["textFormat"] = "plain";
        }

        return json;
    }

    /// <summary>Posts an activity to <c>/api/messages</c> with <paramref name="token"/> (a valid one for its service URL by default).</summary>
    public async Task<HttpResponseMessage> PostAsync(JsonObject activity, string? token = "valid")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json") };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token == "valid" ? Teams.Token(activity["serviceUrl"]?.GetValue<string>()) : token);
        }

        return await Client.SendAsync(request);
    }

    /// <summary>Types <paramref name="text"/> in <paramref name="conversation"/> (Alice's chat with the bot by default); returns the activity's id.</summary>
    public async Task<string> SayAsync(string text, FakeConversation? conversation = null, string user = Alice, bool mention = false)
    {
        var activity = Activity("message", conversation ?? AliceChat, user, mention ? $"<at>IncidentBot</at> {text}" : text);
        if (mention)
        {
            activity["entities"] = new JsonArray(new JsonObject
            {
                ["type"] = "mention",
                ["mentioned"] = new JsonObject { ["id"] = FakeTeamsServer.BotId, ["name"] = "IncidentBot" },
                ["text"] = "<at>IncidentBot</at>",
            });
        }

        using var response = await PostAsync(activity);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return activity["id"]!.GetValue<string>();
    }

    /// <summary>
    /// Presses the card button titled <paramref name="title"/> on <paramref name="message"/>, filling its form
    /// with <paramref name="input"/> if it has one; returns the invoke's answer (the card to show now).
    /// </summary>
    public async Task<JsonObject> PressAsync(FakeTeamsMessage message, FakeConversation where, string title, string user = Alice, string? input = null)
    {
        var action = Actions(message.Card!).FirstOrDefault(a => a["title"]?.GetValue<string>() == title)
            ?? throw new InvalidOperationException($"No button \"{title}\" on the card; it has: {string.Join(", ", Actions(message.Card!).Select(a => a["title"]))}");
        if (action["type"]!.GetValue<string>() == "Action.ShowCard")
        {
            action = action["card"]!["actions"]![0]!.AsObject();
        }

        var data = action["data"]!.DeepClone().AsObject();
        if (input is not null)
        {
            data[data["input"]!.GetValue<string>()] = input; // Teams sends each field's value under its id
        }

        var invoke = Activity("invoke", where, user);
        invoke["name"] = "adaptiveCard/action";
        invoke["replyToId"] = message.Id;
        invoke["value"] = new JsonObject
        {
            ["action"] = new JsonObject { ["type"] = "Action.Execute", ["title"] = title, ["verb"] = action["verb"]!.GetValue<string>(), ["data"] = data },
            ["trigger"] = "manual",
        };
        using var response = await PostAsync(invoke);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        if (answer["value"] is JsonObject { } shown && answer["type"]?.GetValue<string>() == "application/vnd.microsoft.card.adaptive")
        {
            _shown.Enqueue(shown);
        }

        return answer;
    }

    /// <summary>How many posts in <paramref name="conversation"/> say <paramref name="text"/>.</summary>
    public static int Count(FakeConversation conversation, string text) => conversation.Messages.Count(m => m.Text.Contains(text, StringComparison.Ordinal));

    /// <summary>Every button on a card: its Action.Execute and Action.ShowCard actions, in order.</summary>
    public static IReadOnlyList<JsonObject> Actions(JsonObject card) =>
        [.. card["body"]!.AsArray().Where(b => b!["type"]!.GetValue<string>() == "ActionSet").SelectMany(b => b!["actions"]!.AsArray()).Select(a => a!.AsObject())];

    /// <summary>The thread the bot opened for incident <paramref name="id"/> in the incidents channel, once its card and board are there.</summary>
    public async Task<FakeConversation> ThreadAsync(string id)
    {
        FakeConversation? thread = null;
        await Eventually.HoldsAsync(() => Incidents.Messages.FirstOrDefault(m => m.Text.Contains(id, StringComparison.Ordinal)) is { } root
            && (thread = Teams.Thread(Incidents, root)) is not null && thread.Messages.Count >= 2, $"the thread of {id} with its card and board");
        return thread!;
    }

    /// <summary>Waits until the outbox is empty: everything the bot had to say was said (or dropped, with a reason).</summary>
    public Task QuietAsync(string what = "an empty outbox") =>
        Eventually.HoldsAsync(async () => (await Client.GetStringAsync(new Uri("/metrics", UriKind.Relative))).Contains("incidentbot_outbox_depth 0\n", StringComparison.Ordinal), what);

    public async Task<JsonElement> IncidentAsync(string id)
    {
        using var response = await Client.GetAsync(new Uri($"/api/incidents/{id}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    /// <summary>Every Adaptive Card the bot sent Teams (posts, threads, updates) or showed a presser, in order.</summary>
    public IReadOnlyList<JsonObject> Cards() =>
    [
        .. Teams.Calls.Select(c => c.Body?["activity"] ?? c.Body).SelectMany(a => a?["attachments"]?.AsArray() ?? [])
            .Where(a => a?["contentType"]?.GetValue<string>() == "application/vnd.microsoft.card.adaptive").Select(a => a!["content"]!.AsObject()),
        .. _shown,
    ];

    /// <summary>Every card sent or shown parses cleanly with Microsoft's own Adaptive Cards parser.</summary>
    public async Task AssertCardsValidAsync() => await AdaptiveCardsParser.AssertValidAsync(Cards());

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Bot.DisposeAsync();
        await Teams.DisposeAsync();
    }
}
