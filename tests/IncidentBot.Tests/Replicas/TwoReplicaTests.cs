using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using IncidentBot.Tests.Alerts;
using IncidentBot.Tests.Slack;
using IncidentBot.Tests.Support;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentBot.Tests.Replicas;

/// <summary>
/// Two replicas (two hosts) on one PostgreSQL and one Slack workspace, used at the same time as a
/// load balancer would spread a team over them: what one records the other serves, nothing is lost
/// or said twice, one alert opens one incident, and a page on one hears the other's changes.
/// </summary>
public sealed class TwoReplicaTests : IAsyncLifetime
{
    private const string AlertToken = "am-token";
    private readonly TempDatabase _unused = new(); // the harness names a SQLite file; the replicas use PostgreSQL
    private TempPostgresDatabase _database = null!;
    private SlackHarness _a = null!;
    private SlackHarness _b = null!;

    public async Task InitializeAsync()
    {
        _database = await TempPostgresDatabase.CreateAsync();
        _a = await SlackHarness.OnPostgresAsync(_unused, _database, ("Alerts:Token", AlertToken));
        _b = _a.Replica();
    }

    public async Task DisposeAsync()
    {
        await _b.DisposeAsync();
        await _a.DisposeAsync();
        await _database.DisposeAsync();
        _unused.Dispose();
    }

    private SlackHarness Replica(int i) => i % 2 == 0 ? _a : _b;

    private static async Task<JsonElement> SayAsync(SlackHarness replica, string text)
    {
        using var response = await replica.Client.PostAsJsonAsync("/api/commands", new { text, user = "carol", channel = "web" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private static async Task<string[]> TimelineAsync(SlackHarness replica) =>
        [.. (await replica.Client.GetFromJsonAsync<JsonElement>("/api/incidents/INC-0001/timeline")).EnumerateArray().Select(e => e.GetProperty("text").GetString()!)];

    [Fact]
    public async Task Commands_on_one_incident_through_both_replicas_lose_nothing_repeat_nothing_and_read_the_same()
    {
        await SayAsync(_a, "/incident start sev2 checkout errors");

        var replies = await Task.WhenAll(Enumerable.Range(0, 60).Select(i => SayAsync(Replica(i), $"/incident note INC-0001 finding {i:D2}")));

        Assert.All(replies, r => Assert.True(r.GetProperty("ok").GetBoolean(), r.ToString()));
        await _a.QuietAsync("the war room opened in Slack (its event joins the timeline)");
        var (onA, onB) = (await TimelineAsync(_a), await TimelineAsync(_b));
        Assert.Equal(onA, onB);
        for (var i = 0; i < 60; i++)
        {
            Assert.Single(onA, t => t.Contains($"finding {i:D2}", StringComparison.Ordinal));
        }

        var (incidentA, incidentB) = (await _a.IncidentAsync("INC-0001"), await _b.IncidentAsync("INC-0001"));
        Assert.Equal(incidentA.GetProperty("version").GetInt64(), incidentB.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task While_both_replicas_deliver_the_war_room_opens_once_and_each_post_arrives_once_in_order()
    {
        await SayAsync(_b, "/incident start sev2 checkout errors");
        var room = await _a.RoomAsync(1);
        for (var i = 0; i < 16; i++)
        {
            await SayAsync(Replica(i), $"/incident claim INC-0001 task {i:D2}");
        }

        string Posted() => string.Join("\n", room.Messages.Skip(2).Select(m => m.Text));
        int Times(string words) => Posted().Split(words).Length - 1;
        await SlackHarness.EventuallyAsync(() => Times("task 15") == 1, "the last claim in the war room");
        await _a.QuietAsync();
        await _b.QuietAsync();

        Assert.Single(_a.Slack.CallsOf("conversations.create"));
        var posted = Posted();
        for (var i = 0; i < 16; i++)
        {
            Assert.Equal(1, Times($"task {i:D2}"));
            Assert.True(i == 0 || posted.IndexOf($"task {i - 1:D2}", StringComparison.Ordinal) < posted.IndexOf($"task {i:D2}", StringComparison.Ordinal), $"task {i - 1:D2} is posted before task {i:D2}");
        }
    }

    [Fact]
    public async Task The_same_alertmanager_post_sent_to_both_replicas_at_once_opens_one_incident()
    {
        var body = AlertmanagerWebhook.Body("firing", AlertmanagerWebhook.Alert("f1", "firing", DateTimeOffset.UtcNow.AddMinutes(-2)));

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(async i =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/alerts/alertmanager") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AlertToken);
            using var response = await Replica(i).Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        }));

        var opened = results.SelectMany(r => r.GetProperty("opened").EnumerateArray().Select(e => e.GetString())).ToList();
        Assert.Equal(["INC-0001"], opened);
        Assert.Equal(1, (await _b.Client.GetFromJsonAsync<JsonElement>("/api/incidents?all=true")).GetArrayLength());
    }

    [Fact]
    public async Task A_page_open_on_one_replica_hears_of_a_change_made_through_the_other()
    {
        await SayAsync(_a, "/incident start sev2 checkout errors");
        using var stream = await _a.Client.GetAsync(new Uri("/api/changes", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync());
        var heard = Task.Run(async () =>
        {
            while (await reader.ReadLineAsync() is { } line)
            {
                if (line == "data: INC-0001")
                {
                    return true;
                }
            }

            return false;
        });

        await SayAsync(_b, "/incident note INC-0001 typed on the other replica");

        Assert.True(await heard.WaitAsync(TimeSpan.FromSeconds(10)), "replica a's page heard of replica b's commit");
    }

    [Fact]
    public async Task A_sign_in_cookie_protected_by_one_replica_is_read_by_the_other()
    {
        await SayAsync(_a, "/incident status"); // both hosts are up, their stores migrated
        await SayAsync(_b, "/incident status");
        static IDataProtector Cookies(SlackHarness replica) => replica.Bot.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("Microsoft.AspNetCore.Authentication.Cookies");

        var cookie = Cookies(_a).Protect("alice signed in");

        Assert.Equal("alice signed in", Cookies(_b).Unprotect(cookie));
        // From the shared database, not a folder on this machine that both hosts of this test happen to share.
        await using var connection = new Npgsql.NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync();
        await using var keys = new Npgsql.NpgsqlCommand("SELECT count(*) FROM data_protection_keys", connection);
        Assert.Equal(1L, await keys.ExecuteScalarAsync());
    }
}
