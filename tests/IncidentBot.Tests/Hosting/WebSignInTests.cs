using System.Globalization;
using System.Net;
using System.Text.Json;
using IncidentBot.Hosting;
using IncidentBot.Tests.Support;
using Microsoft.Playwright;

namespace IncidentBot.Tests.Hosting;

/// <summary>
/// Sign-in end to end: a real OpenID provider (npm <c>oidc-provider</c>) and the bot, both on loopback,
/// and Debian's Chromium signing in through the provider's own login form. The provider must know the
/// bot's callback before it starts, so the bot's port is chosen first.
/// </summary>
public sealed class WebSignInTests : IAsyncLifetime
{
    private const string ClientId = "incidentbot";
    private const string ClientSecret = "test-client-secret";
    private static readonly string Artefacts = Path.Combine(AppContext.BaseDirectory, "artefacts");

    private OidcTestProvider? _provider;
    private BotFactory? _bot;
    private Uri _botUrl = null!;

    private OidcTestProvider Provider => _provider ?? throw new InvalidOperationException("The provider starts in InitializeAsync.");

    public async Task InitializeAsync()
    {
        var port = OidcTestProvider.FreePort();
        _botUrl = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
        _provider = await OidcTestProvider.StartAsync(ClientId, ClientSecret, new Uri(_botUrl, "/signin-oidc"), new Uri(_botUrl, "/signout-callback-oidc"));
        _bot = new BotFactory(("Auth:Oidc:Authority", Provider.Issuer.ToString().TrimEnd('/')), ("Auth:Oidc:ClientId", ClientId), ("Auth:Oidc:ClientSecret", ClientSecret));
        _bot.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        _bot.StartServer();
    }

    public Task DisposeAsync()
    {
        _bot?.Dispose();
        _provider?.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Pages_GoToTheProvider_WhileTheApiAnswers401_AndProbesAnswer()
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = _botUrl, Timeout = TimeSpan.FromSeconds(30) };

        using var page = await http.GetAsync(new Uri("/", UriKind.Relative));
        using var script = await http.GetAsync(new Uri("/js/main.js", UriKind.Relative));
        using var api = await http.GetAsync(new Uri("/api/incidents", UriKind.Relative));
        using var health = await http.GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        var challenge = page.Headers.Location!.ToString();
        Assert.StartsWith(Provider.Issuer + "auth?", challenge, StringComparison.Ordinal);
        // The provider offers pushed authorization requests, so the bot sends the request's details to it
        // first (with its secret) and the browser carries only a reference to them.
        Assert.Contains("client_id=" + ClientId, challenge, StringComparison.Ordinal);
        Assert.Contains("request_uri=", challenge, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, script.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task Alice_SignsInThroughTheProvider_AndHerCommandsAreHers_WhateverTheBodySays()
    {
        Directory.CreateDirectory(Artefacts);
        await using var chromium = await Chromium.LaunchAsync();
        await using var context = await chromium.Browser.NewContextAsync();
        // Only the bot and the provider, both on this machine (their pages name a web font; no fetching it).
        await context.RouteAsync("**/*", route => new Uri(route.Request.Url).IsLoopback ? route.ContinueAsync() : route.AbortAsync());
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        page.SetDefaultNavigationTimeout(15_000);

        await page.GotoAsync(_botUrl.ToString());
        Assert.StartsWith(Provider.Issuer + "interaction/", page.Url, StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("input[name=login]")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(Artefacts, "sign-in-provider-login.png"), FullPage = true });
        await page.FillAsync("input[name=login]", "alice");
        await page.FillAsync("input[name=password]", "any password");
        var login = page.Url;
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(url => url != login);
        if (page.Url.StartsWith(Provider.Issuer.ToString(), StringComparison.Ordinal))
        {
            // The provider asks Alice to let the bot read her profile (the first time only).
            await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
            await page.WaitForURLAsync(url => url.StartsWith(_botUrl.ToString(), StringComparison.Ordinal));
        }

        Assert.Equal(_botUrl.ToString(), page.Url);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Artefacts, "sign-in-page-signed-in.png"), FullPage = true });

        var me = await FetchJsonAsync(page, "/api/me");
        var reply = await FetchJsonAsync(page, "/api/commands", """{method: 'POST', headers: {'Content-Type': 'application/json'}, body: JSON.stringify({text: '/incident start sev2 checkout down', user: 'mallory', channel: 'web'})}""");
        var incident = await FetchJsonAsync(page, "/api/incidents/" + reply.GetProperty("incident").GetString());

        Assert.Equal("alice", me.GetProperty("name").GetString());
        Assert.True(me.GetProperty("signedIn").GetBoolean());
        Assert.True(me.GetProperty("canWrite").GetBoolean());
        Assert.Equal(JsonValueKind.Null, me.GetProperty("why").ValueKind);
        Assert.Equal("/signout", me.GetProperty("signOut").GetString());
        Assert.True(reply.GetProperty("ok").GetBoolean(), reply.ToString());
        Assert.Equal("alice", incident.GetProperty("openedBy").GetString());

        // Another page of the same site (the provider's, on another port of 127.0.0.1) gets Alice's session
        // cookie sent along with its request, but does not write as her: 403, where no cookie would be 401.
        var other = await context.NewPageAsync();
        await other.GotoAsync(Provider.Issuer + ".well-known/openid-configuration");
        var forged = await other.RunAndWaitForResponseAsync(
            () => other.EvaluateAsync($$"""() => fetch('{{_botUrl}}api/commands', {method: 'POST', mode: 'no-cors', credentials: 'include', headers: {'Content-Type': 'text/plain'}, body: JSON.stringify({text: '/incident start sev1 forged', user: 'alice', channel: 'web'})})"""),
            response => response.Url.EndsWith("/api/commands", StringComparison.Ordinal));
        Assert.Equal(403, forged.Status);
        Assert.Equal(1, (await FetchJsonAsync(page, "/api/incidents")).GetArrayLength());

        // Signing out ends the provider's session too: the page asks for a login again.
        await page.GotoAsync(new Uri(_botUrl, "/signout").ToString());
        await page.GetByRole(AriaRole.Button, new() { Name = "Yes, sign me out" }).ClickAsync();
        await Assertions.Expect(page.Locator("input[name=login]")).ToBeVisibleAsync();
        Assert.StartsWith(Provider.Issuer + "interaction/", page.Url, StringComparison.Ordinal);
        Assert.DoesNotContain(await context.CookiesAsync([_botUrl.ToString()]), c => c.Name.StartsWith(WebSignIn.CookieName, StringComparison.Ordinal));
    }

    /// <summary>The page's own <c>fetch</c>, with its cookies; the answer's status must be 200.</summary>
    private static async Task<JsonElement> FetchJsonAsync(IPage page, string path, string init = "{}")
    {
        var answer = await page.EvaluateAsync<JsonElement>($$"""async () => { const r = await fetch('{{path}}', {{init}}); return { status: r.status, body: await r.text() }; }""");
        Assert.True(answer.GetProperty("status").GetInt32() == 200, $"{path} answered {answer.GetProperty("status")}: {answer.GetProperty("body")}");
        using var body = JsonDocument.Parse(answer.GetProperty("body").GetString()!);
        return body.RootElement.Clone();
    }
}
