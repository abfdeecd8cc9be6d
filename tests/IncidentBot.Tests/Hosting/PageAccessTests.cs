using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using IncidentBot.Hosting;
using IncidentBot.Tests.Support;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IncidentBot.Tests.Hosting;

/// <summary>
/// Who may write from the page and the API: the free name box on loopback only, read-only beyond it
/// unless the API token comes along, and with sign-in on a session or the token for every <c>/api</c>
/// call while machine endpoints answer for themselves. "Beyond loopback" is the real thing: Kestrel
/// bound to 0.0.0.0 (every address of this machine), reached by the test through 127.0.0.1.
/// </summary>
public sealed class PageAccessTests : IDisposable
{
    private const string Start = "/incident start sev2 checkout down";
    private readonly RecordingLogs _logs = new();
    private readonly List<IDisposable> _owned = [];

    public void Dispose()
    {
        foreach (var owned in Enumerable.Reverse(_owned))
        {
            owned.Dispose();
        }
    }

    [Theory]
    [InlineData("", true)]
    [InlineData("http://127.0.0.1:5080", true)]
    [InlineData("http://localhost:5080;http://[::1]:5081;http://127.0.0.2:80", true)]
    [InlineData("http://0.0.0.0:8080", false)]
    [InlineData("http://[::]:8080", false)]
    [InlineData("http://*:8080", false)]
    [InlineData("http://+:80", false)]
    [InlineData("http://incidentbot.internal:80", false)]
    [InlineData("http://127.0.0.1:5080;http://0.0.0.0:5081", false)]
    [InlineData("http://unix:/run/incidentbot.sock", false)]
    public void LoopbackOnly_IsEveryAddressOnThisMachineAlone(string addresses, bool loopbackOnly) =>
        Assert.Equal(loopbackOnly, PageAccess.LoopbackOnly(addresses.Split(';', StringSplitOptions.RemoveEmptyEntries)));

    [Fact]
    public async Task OnLoopback_WithoutSignIn_ThePageNamesItself()
    {
        var bot = Own(new BotFactory { TestServices = services => services.AddSingleton<ILoggerProvider>(_logs) });
        var client = Own(bot.CreateClient());

        var me = await client.GetFromJsonAsync<Me>(new Uri("/api/me", UriKind.Relative));
        // What a browser sends when another site's page posts here (a form, a no-cors fetch).
        using var drive = new HttpRequestMessage(HttpMethod.Post, "/api/commands") { Content = new StringContent($$"""{"text": "{{Start}}", "user": "mallory"}""", Encoding.UTF8, "text/plain") };
        drive.Headers.Add("Sec-Fetch-Site", "cross-site");
        using var driveBy = await client.SendAsync(drive);
        var opened = await StartAsync(client, user: "bob");

        Assert.Equal(new Me(null, false, true, null, null), me);
        Assert.Equal(HttpStatusCode.Forbidden, driveBy.StatusCode);
        Assert.Contains("from another page", await driveBy.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("bob", opened);
        Assert.Single((await client.GetFromJsonAsync<Opened[]>(new Uri("/api/incidents", UriKind.Relative)))!);
        Assert.Contains(_logs.Lines, l => l.Message.StartsWith("Web page: the bot listens on loopback only", StringComparison.Ordinal));
    }

    [Fact]
    public async Task BeyondLoopback_WithoutSignInOrToken_ThePageIsReadOnly_AndSaysWhy()
    {
        var client = BeyondLoopback();

        var me = await client.GetFromJsonAsync<Me>(new Uri("/api/me", UriKind.Relative));
        using var command = await client.PostAsJsonAsync("/api/commands", new { text = Start, user = "mallory", channel = "web" });
        using var section = await client.PutAsync(new Uri("/api/incidents/INC-0001/postmortem/sections/summary?user=mallory", UriKind.Relative), new StringContent("It broke.", Encoding.UTF8, "text/markdown"));
        using var preview = await client.PostAsync(new Uri("/api/postmortem/preview", UriKind.Relative), new StringContent("**bold**", Encoding.UTF8, "text/markdown"));
        using var page = await client.GetAsync(new Uri("/", UriKind.Relative));

        Assert.False(me!.CanWrite);
        Assert.False(me.SignedIn);
        Assert.Contains("read-only", me.Why, StringComparison.Ordinal);
        Assert.Contains("Auth__Oidc__Authority", me.Why, StringComparison.Ordinal);
        Assert.Contains("Api__Token", me.Why, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, command.StatusCode);
        Assert.Equal("application/problem+json", command.Content.Headers.ContentType?.MediaType);
        Assert.Contains(me.Why!, await command.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, section.StatusCode);
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("[]", await client.GetStringAsync(new Uri("/api/incidents", UriKind.Relative)));
        Assert.Contains(_logs.Lines, l => l.Level == LogLevel.Warning && l.Message.StartsWith("Web page: read-only: the bot listens beyond loopback (http://0.0.0.0:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task BeyondLoopback_TheApiToken_StillWrites_AsTheScriptSays()
    {
        var client = BeyondLoopback(("Api:Token", "script-token"));

        var without = await client.GetFromJsonAsync<Me>(new Uri("/api/me", UriKind.Relative));
        var byQuery = await client.GetFromJsonAsync<Me>(new Uri("/api/me?access_token=script-token", UriKind.Relative));
        using var refused = await client.PostAsJsonAsync("/api/commands", new { text = Start, user = "mallory" });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "script-token");
        var with = await client.GetFromJsonAsync<Me>(new Uri("/api/me", UriKind.Relative));
        var opened = await StartAsync(client, user: "deploy-bot");

        Assert.False(without!.CanWrite);
        Assert.Contains("/?token=", without.Why, StringComparison.Ordinal);
        Assert.False(byQuery!.CanWrite); // a token in a query string is taken only by the event stream, so it stays out of logs
        Assert.Equal(new Me(null, false, true, null, null), with);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("deploy-bot", opened);
    }

    [Fact]
    public async Task WithSignIn_TheApiWantsASessionOrTheToken_NeverARedirect()
    {
        var bot = SignInBot();
        var client = Own(bot.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }));

        using var list = await client.GetAsync(new Uri("/api/incidents", UriKind.Relative));
        using var command = await client.PostAsJsonAsync("/api/commands", new { text = Start, user = "mallory" });
        using var changes = await client.GetAsync(new Uri("/api/changes", UriKind.Relative));
        var me = await client.GetFromJsonAsync<Me>(new Uri("/api/me", UriKind.Relative));
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "script-token");
        var script = await client.GetFromJsonAsync<Me>(new Uri("/api/me", UriKind.Relative));
        var opened = await StartAsync(client, user: "deploy-bot");

        Assert.Equal(HttpStatusCode.Unauthorized, list.StatusCode);
        Assert.Equal("application/problem+json", list.Content.Headers.ContentType?.MediaType);
        Assert.Contains("requires sign-in", await list.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, command.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, changes.StatusCode);
        Assert.False(me!.SignedIn);
        Assert.False(me.CanWrite);
        Assert.Contains("sign in", me.Why, StringComparison.Ordinal);
        Assert.Equal(new Me(null, false, true, null, null), script);
        Assert.Equal("deploy-bot", opened);
    }

    [Fact]
    public async Task WithSignIn_MachineEndpoints_AnswerForThemselves()
    {
        var client = Own(SignInBot().CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }));

        using var health = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
        using var ready = await client.GetAsync(new Uri("/readyz", UriKind.Relative));
        using var metrics = await client.GetAsync(new Uri("/metrics", UriKind.Relative));
        using var alert = await client.PostAsJsonAsync("/alerts/generic", new { title = "checkout down" });
        using var slack = await client.PostAsync(new Uri("/slack/commands", UriKind.Relative), new FormUrlEncodedContent([new("command", "/incident"), new("text", "status")]));
        using var teams = await client.PostAsJsonAsync("/api/messages", new { type = "message", text = "status", channelId = "msteams", serviceUrl = "https://smba.trafficmanager.net/teams/" });

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.True(ready.StatusCode is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, $"/readyz answered {ready.StatusCode}");
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        // Each refused by its own check (its own wording), not sent to sign in and not by the API gate.
        Assert.Equal(HttpStatusCode.Unauthorized, alert.StatusCode);
        Assert.DoesNotContain("sign-in", await alert.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, slack.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, teams.StatusCode);
        Assert.Contains("Only the Bot Framework", await teams.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithSignIn_TheLogSaysWhereTo_AndNamesNoSecret()
    {
        var client = Own(SignInBot().CreateClient());
        using var health = await client.GetAsync(new Uri("/healthz", UriKind.Relative));

        var line = Assert.Single(_logs.Lines, l => l.Message.StartsWith("Web page:", StringComparison.Ordinal));
        Assert.StartsWith("Web page: people sign in through http://127.0.0.1:9/realms/ops (OpenID Connect)", line.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_logs.Lines, l => l.Message.Contains("oidc-client-secret", StringComparison.Ordinal) || l.Message.Contains("script-token", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("http://127.0.0.1:9/realms/ops", null, "s", "Auth__Oidc__ClientId is not set")]
    [InlineData("http://127.0.0.1:9/realms/ops", null, null, "Auth__Oidc__ClientId and Auth__Oidc__ClientSecret are not set")]
    [InlineData(null, "incidentbot", "s", "Auth__Oidc__Authority is not set")]
    [InlineData("http://login.example.com/realms/ops", "incidentbot", "s", "Auth__Oidc__Authority must be https")]
    [InlineData("login.example.com", "incidentbot", "s", "is not one")]
    public void HalfSetSignIn_StopsStartUp_SayingWhatIsWrong(string? authority, string? clientId, string? secret, string expected)
    {
        var bot = Own(new BotFactory(("Auth:Oidc:Authority", authority), ("Auth:Oidc:ClientId", clientId), ("Auth:Oidc:ClientSecret", secret)));

        var error = Assert.Throws<InvalidOperationException>(() => bot.CreateClient());

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    /// <summary>Sign-in set up against a provider that is never asked: nothing here needs to sign anyone in.</summary>
    private BotFactory SignInBot() => Own(new BotFactory(
        ("Auth:Oidc:Authority", "http://127.0.0.1:9/realms/ops"), ("Auth:Oidc:ClientId", "incidentbot"), ("Auth:Oidc:ClientSecret", "oidc-client-secret"),
        ("Api:Token", "script-token"), ("Alerts:Token", "alerts-token"), ("Slack:SigningSecret", "slack-secret"))
    {
        TestServices = services => services.AddSingleton<ILoggerProvider>(_logs),
    });

    /// <summary>The bot on Kestrel bound to every IPv4 address of this machine, and a client that reaches it through 127.0.0.1.</summary>
    private HttpClient BeyondLoopback(params (string Key, string? Value)[] settings)
    {
        var bot = Own(new BotFactory(settings) { TestServices = services => services.AddSingleton<ILoggerProvider>(_logs) });
        bot.UseKestrel(kestrel => kestrel.Listen(IPAddress.Any, 0));
        bot.StartServer();
        var address = new Uri(Assert.Single(bot.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses));
        Assert.Equal("0.0.0.0", address.Host);
        return Own(new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{address.Port}"), Timeout = TimeSpan.FromSeconds(30) });
    }

    /// <summary>Opens an incident and answers who the bot says opened it.</summary>
    private static async Task<string?> StartAsync(HttpClient client, string user)
    {
        using var response = await client.PostAsJsonAsync("/api/commands", new { text = Start, user, channel = "web" });
        Assert.True(response.IsSuccessStatusCode, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        var reply = await response.Content.ReadFromJsonAsync<Reply>();
        var incident = await client.GetFromJsonAsync<Opened>(new Uri($"/api/incidents/{reply!.Incident}", UriKind.Relative));
        return incident!.OpenedBy;
    }

    private T Own<T>(T owned)
        where T : IDisposable
    {
        _owned.Add(owned);
        return owned;
    }

    private sealed record Me(string? Name, bool SignedIn, bool CanWrite, string? Why, string? SignOut);

    private sealed record Reply(string? Incident);

    private sealed record Opened(string? OpenedBy);
}
