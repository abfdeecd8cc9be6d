using System.Net;
using System.Text.Json.Nodes;
using IncidentBot.Tests.Support;

namespace IncidentBot.Tests.Slack;

/// <summary>What Slack's endpoints refuse, and what they answer without doing anything.</summary>
public sealed class SlackEndpointTests : IAsyncLifetime
{
    private static readonly string Fixtures = Path.Combine(AppContext.BaseDirectory, "Fixtures", "slack");
    private readonly TempDatabase _database = new();
    private SlackHarness _slack = null!;

    public async Task InitializeAsync() => _slack = await SlackHarness.StartAsync(_database);

    public async Task DisposeAsync()
    {
        await _slack.DisposeAsync();
        _database.Dispose();
    }

    private async Task<int> IncidentCountAsync()
    {
        var list = await new ChatRoom(_slack.Client).GetJsonAsync("/api/incidents?all=true");
        return list.GetArrayLength();
    }

    [Fact]
    public async Task Bad_or_stale_signatures_get_401_and_nothing_is_recorded()
    {
        var form = SlackHarness.CommandForm("start sev1 forged", SlackHarness.Alice, "alice", _slack.General.Id);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        using (var forged = await _slack.PostSignedAsync("/slack/commands", form, "application/x-www-form-urlencoded", signature: "v0=" + new string('0', 64)))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        }

        using (var stale = await _slack.PostSignedAsync("/slack/commands", form, "application/x-www-form-urlencoded", timestamp: now - 600))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, stale.StatusCode);
        }

        using (var future = await _slack.PostSignedAsync("/slack/commands", form, "application/x-www-form-urlencoded", timestamp: now + 600))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, future.StatusCode);
        }

        using var unsigned = await _slack.Client.PostAsync(new Uri("/slack/events", UriKind.Relative), new StringContent("{\"type\":\"url_verification\",\"challenge\":\"x\"}"));
        Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);
        Assert.Equal(0, await IncidentCountAsync());
    }

    [Fact]
    public async Task Without_a_signing_secret_every_slack_request_is_refused()
    {
        using var database = new TempDatabase();
        await using var unconfigured = await SlackHarness.StartAsync(database, ("Slack:SigningSecret", ""));
        using var response = await unconfigured.PostSignedAsync("/slack/commands",
            SlackHarness.CommandForm("start sev1 x", SlackHarness.Alice, "alice", unconfigured.General.Id), "application/x-www-form-urlencoded");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("signing secret", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Url_verification_ssl_check_and_rate_limit_notices_are_answered()
    {
        var verification = await File.ReadAllTextAsync(Path.Combine(Fixtures, "slack_url_verification.json"));
        using (var response = await _slack.PostSignedAsync("/slack/events", verification, "application/json"))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["challenge"]!.GetValue<string>());
        }

        using (var response = await _slack.PostSignedAsync("/slack/commands", "ssl_check=1&token=x", "application/x-www-form-urlencoded"))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var limited = await File.ReadAllTextAsync(Path.Combine(Fixtures, "slack_app_rate_limited_event.json"));
        using (var response = await _slack.PostSignedAsync("/slack/events", limited, "application/json"))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Theory]
    [InlineData("/slack/events", "{not json", "application/json")]
    [InlineData("/slack/events", "[1,2]", "application/json")]
    [InlineData("/slack/events", "{\"type\":\"something_else\"}", "application/json")]
    [InlineData("/slack/events", "{\"type\":\"event_callback\",\"event\":{\"type\":\"message\"}}", "application/json")]
    [InlineData("/slack/interactions", "payload=%7Bbroken", "application/x-www-form-urlencoded")]
    [InlineData("/slack/interactions", "nopayload=1", "application/x-www-form-urlencoded")]
    [InlineData("/slack/interactions", "payload=%7B%22type%22%3A%22mystery%22%2C%22user%22%3A%7B%22id%22%3A%22U1%22%7D%7D", "application/x-www-form-urlencoded")]
    [InlineData("/slack/commands", "text=start+sev1+x", "application/x-www-form-urlencoded")]
    public async Task Malformed_payloads_get_400_and_change_nothing(string path, string body, string contentType)
    {
        using var response = await _slack.PostSignedAsync(path, body, contentType);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, await IncidentCountAsync());
    }

    [Fact]
    public async Task An_oversized_body_gets_400()
    {
        var body = "text=" + new string('a', 300 * 1024);
        using var response = await _slack.PostSignedAsync("/slack/commands", body, "application/x-www-form-urlencoded");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Help_and_mistakes_are_answered_only_to_the_user_who_typed_them()
    {
        var help = await _slack.CommandAsync("help");
        Assert.Equal("ephemeral", help["response_type"]!.GetValue<string>());
        var mistake = await _slack.CommandAsync("sev 9");
        Assert.Equal("ephemeral", mistake["response_type"]!.GetValue<string>());
        Assert.Contains("/incident", mistake["text"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_real_slash_command_fixture_is_verified_and_answered()
    {
        var body = await File.ReadAllTextAsync(Path.Combine(Fixtures, "slack_slash_command.txt"));
        using var response = await _slack.PostSignedAsync("/slack/commands", body.TrimEnd('\n'), "application/x-www-form-urlencoded");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // "/weather 94070" reaches the bot as "/incident 94070": not a verb, so a helpful refusal.
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("ephemeral", answer["response_type"]!.GetValue<string>());
    }
}
