using IncidentBot.Tests.Support;
using Microsoft.Playwright;

namespace IncidentBot.Tests.Teams;

/// <summary>
/// The bot through a real Teams client: Microsoft 365 Agents Playground, offline on loopback, its page
/// driven in Debian's Chromium. The bot runs in local mode (<c>Teams__AllowLocalUnauthenticated</c>),
/// the only way the Playground, which sends no token, is let in.
/// </summary>
public sealed class TeamsPlaygroundTests : IAsyncLifetime
{
    private readonly TempDatabase _database = new();
    private BotFactory _bot = null!;
    private AgentsPlayground? _playground;
    private Chromium? _chromium;

    public async Task InitializeAsync()
    {
        _bot = new BotFactory(("Storage:Sqlite:Path", _database.Path), ("Teams:AllowLocalUnauthenticated", "true"));
        _bot.UseKestrel(0);
        _bot.StartServer();
        _playground = await AgentsPlayground.StartAsync(new Uri(_bot.ClientOptions.BaseAddress, "/api/messages"));
        _chromium = await Chromium.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        if (_chromium is not null)
        {
            await _chromium.DisposeAsync();
        }

        _playground?.Dispose();
        _bot.Dispose();
        _database.Dispose();
    }

    [Fact]
    public async Task In_the_playground_a_typed_start_shows_the_card_and_a_pressed_button_updates_it_in_place()
    {
        var page = await _chromium!.Browser.NewPageAsync(new() { ViewportSize = new() { Width = 1400, Height = 1000 } });
        page.SetDefaultTimeout(20_000);
        await page.GotoAsync(_playground!.Url.ToString());

        // Typed in the personal chat, as a Teams user would: no slash, no mention.
        var box = page.Locator("[role=textbox][contenteditable=true]");
        await box.ClickAsync();
        await page.Keyboard.TypeAsync("incident start sev2 checkout errors");
        await page.Keyboard.PressAsync("Enter");
        var card = page.Locator(".ac-adaptiveCard").Filter(new() { HasText = "INC-0001 · SEV2 · triage · checkout errors" });
        await Assertions.Expect(card).ToHaveCountAsync(1);
        await Assertions.Expect(card).ToContainTextAsync("nobody yet");
        await Assertions.Expect(card).ToContainTextAsync("/incident role commander me");

        // The button's answer replaces the card where it is: the presser is commander, the button is gone.
        await card.GetByRole(AriaRole.Button, new() { Name = "I'll take commander" }).ClickAsync();
        await Assertions.Expect(card).ToContainTextAsync("@alex.wilber");
        await Assertions.Expect(card.GetByRole(AriaRole.Button, new() { Name = "I'll take commander" })).ToHaveCountAsync(0);
        await Assertions.Expect(card).ToContainTextAsync("/incident summary ‹text›");
        await Assertions.Expect(page.Locator(".ac-adaptiveCard")).ToHaveCountAsync(1);

        using var api = new HttpClient { BaseAddress = _bot.ClientOptions.BaseAddress };
        var incident = System.Text.Json.JsonDocument.Parse(await api.GetStringAsync(new Uri("/api/incidents/INC-0001", UriKind.Relative))).RootElement;
        Assert.Equal("alex.wilber", incident.GetProperty("roles").GetProperty("commander").GetString());
    }

    [Theory]
    [InlineData("https://smba.trafficmanager.net/teams/", 401)]
    [InlineData("http://127.0.0.1:9/", 200)]
    public async Task Local_mode_takes_no_token_only_for_answers_that_stay_on_this_machine(string serviceUrl, int status)
    {
        using var client = new HttpClient { BaseAddress = _bot.ClientOptions.BaseAddress };
        var activity = new System.Text.Json.Nodes.JsonObject
        {
            ["type"] = "message",
            ["id"] = "local-1",
            ["channelId"] = "msteams",
            ["serviceUrl"] = serviceUrl,
            ["from"] = new System.Text.Json.Nodes.JsonObject { ["id"] = "29:1someone", ["name"] = "Someone" },
            ["recipient"] = new System.Text.Json.Nodes.JsonObject { ["id"] = "28:bot" },
            ["conversation"] = new System.Text.Json.Nodes.JsonObject { ["id"] = "a:local", ["conversationType"] = "personal" },
            ["text"] = "incident help",
        };
        using var response = await client.PostAsync(new Uri("/api/messages", UriKind.Relative), new StringContent(activity.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(status, (int)response.StatusCode);
    }
}
