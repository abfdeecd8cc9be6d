using System.Net;
using IncidentBot.FakeTeams;
using IncidentBot.Tests.Support;
using Microsoft.Extensions.Logging;

namespace IncidentBot.Tests.Teams;

/// <summary>
/// Only the Bot Framework may talk to <c>/api/messages</c> (protocols §B1): every way a token can be
/// wrong is refused with 401, nothing is recorded, and the log says why.
/// </summary>
public sealed class TeamsAuthTests : IAsyncLifetime
{
    private readonly TempDatabase _database = new();
    private TeamsHarness _teams = null!;

    public async Task InitializeAsync() => _teams = await TeamsHarness.StartAsync(_database, ("Teams:TenantId", FakeTeamsServer.Tenant));

    public async Task DisposeAsync()
    {
        await _teams.DisposeAsync();
        _database.Dispose();
    }

    private async Task<int> IncidentsAsync() => (await new ChatRoom(_teams.Client).GetJsonAsync("/api/incidents")).GetArrayLength();

    public static TheoryData<string, string> Wrong => new()
    {
        { "none", "(no_token)" },
        { "garbage", "(bad_token)" },
        { "forged", "signature does not match" },
        { "expired", "it has expired" },
        { "wrong audience", "it is for another app" },
        { "wrong issuer", "not issued by the Bot Framework" },
        { "unendorsed key", "not endorsed for channel 'msteams'" },
        { "other service url", "(service_url_mismatch)" },
        { "other tenant", "(wrong_tenant)" },
        { "bad algorithm", "(bad_token)" },
    };

    [Theory]
    [MemberData(nameof(Wrong))]
    public async Task A_request_without_a_good_token_is_refused_and_records_nothing(string how, string why)
    {
        var keys = _teams.Teams.Keys;
        var service = _teams.Teams.ServiceUrl.ToString();
        var activity = _teams.Activity("message", _teams.AliceChat, text: "incident start sev1 payments down");
        string? token = how switch
        {
            "none" => null,
            "garbage" => "not.a.jwt",
            "forged" => keys.Mint(FakeTeamsServer.AppId, service, FakeTeamsKeys.ForgedKey),
            "expired" => keys.Mint(FakeTeamsServer.AppId, service, expires: DateTimeOffset.UtcNow.AddMinutes(-6)),
            "wrong audience" => keys.Mint("someone-elses-app", service),
            "wrong issuer" => keys.Mint(FakeTeamsServer.AppId, service, issuer: "https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/"),
            "unendorsed key" => keys.Mint(FakeTeamsServer.AppId, service, FakeTeamsKeys.WebChatKey),
            "other service url" => keys.Mint(FakeTeamsServer.AppId, "https://attacker.example.com/teams/"),
            "other tenant" => keys.Mint(FakeTeamsServer.AppId, service),
            "bad algorithm" => "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0." + Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode($"{{\"iss\":\"https://api.botframework.com\",\"aud\":\"{FakeTeamsServer.AppId}\",\"serviceurl\":\"{service}\",\"exp\":{DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds()}}}") + ".",
            _ => throw new ArgumentOutOfRangeException(nameof(how)),
        };
        if (how == "other tenant")
        {
            activity["channelData"]!["tenant"]!["id"] = "99999999-9999-4999-8999-999999999999";
            activity["conversation"]!["tenantId"] = "99999999-9999-4999-8999-999999999999";
        }

        using var response = await _teams.PostAsync(activity, token);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, await IncidentsAsync());
        Assert.Contains(_teams.Logs.Lines, l => l.Level == LogLevel.Warning && l.Message.StartsWith("Refused 1 Teams activities to /api/messages (", StringComparison.Ordinal) && l.Message.Contains(why, StringComparison.Ordinal));
        Assert.Contains("incidentbot_teams_activities_refused_total{endpoint=\"messages\",reason=", await _teams.Client.GetStringAsync(new Uri("/metrics", UriKind.Relative)), StringComparison.Ordinal);
        Assert.Empty(_teams.Teams.Calls);
    }

    [Fact]
    public async Task A_token_a_little_past_its_expiry_is_accepted_within_five_minutes_of_skew_and_keys_are_read_once()
    {
        var activity = _teams.Activity("message", _teams.AliceChat, text: "incident start sev1 payments down");
        var token = _teams.Teams.Keys.Mint(FakeTeamsServer.AppId, _teams.Teams.ServiceUrl.ToString(), expires: DateTimeOffset.UtcNow.AddMinutes(-2));
        using var response = await _teams.PostAsync(activity, token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, await IncidentsAsync());

        for (var i = 0; i < 20; i++)
        {
            await _teams.SayAsync($"incident note INC-0001 check {i}");
        }

        Assert.Equal(1, _teams.Teams.KeyRequests);
    }

    [Fact]
    public async Task Without_an_app_id_every_request_is_refused_and_the_start_up_log_names_the_settings()
    {
        await using var teams = await TeamsHarness.StartAsync(new TempDatabase(), ("Teams:AppId", null));
        using var response = await teams.PostAsync(teams.Activity("message", teams.AliceChat, text: "incident start sev1 payments down"));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains(teams.Logs.Lines, l => l.Message.Contains("Teams: off (set Teams__AppId, Teams__AppPassword", StringComparison.Ordinal));
        Assert.Contains(teams.Logs.Lines, l => l.Message.Contains("Teams__AppId is not set", StringComparison.Ordinal));
    }
}
