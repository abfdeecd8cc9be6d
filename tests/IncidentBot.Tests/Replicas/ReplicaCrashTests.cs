using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using IncidentBot.FakeSlack;
using IncidentBot.Tests.Slack;
using IncidentBot.Tests.Support;
using Npgsql;

namespace IncidentBot.Tests.Replicas;

/// <summary>
/// Two replicas as real processes on one PostgreSQL and a fake Slack on loopback. The one delivering
/// the war room's messages is killed (SIGKILL) while it posts them: the other takes the queue over
/// when the dead one's lease runs out and finishes, with nothing posted twice and nothing lost.
/// </summary>
public sealed class ReplicaCrashTests : IAsyncLifetime
{
    private const int Claims = 24;
    private readonly string _folder = Directory.CreateTempSubdirectory("incidentbot-replicas-").FullName;
    private readonly List<(Process Process, Uri Url)> _replicas = [];
    private FakeSlackServer _slack = null!;
    private TempPostgresDatabase _database = null!;

    public async Task InitializeAsync()
    {
        _slack = await FakeSlackServer.StartAsync();
        _slack.AddChannel("general");
        var broadcast = _slack.AddChannel("incidents");
        _database = await TempPostgresDatabase.CreateAsync();
        for (var i = 0; i < 2; i++)
        {
            var url = new Uri($"http://127.0.0.1:{BotProcess.FreePort()}");
            var process = BotProcess.Start(_folder, ["--urls", url.ToString().TrimEnd('/')],
                ("Storage__Provider", "Postgres"),
                ("ConnectionStrings__Postgres", _database.ConnectionString),
                ("Storage__Postgres__LeaseSeconds", "2"),
                ("Slack__SigningSecret", SlackHarness.Secret),
                ("Slack__BotToken", FakeSlackServer.BotToken),
                ("Slack__ApiBaseUrl", _slack.ApiBaseUrl.ToString()),
                ("Slack__BroadcastChannel", broadcast.Id),
                ("Slack__RetryBaseSeconds", "0.05"),
                ("Slack__RetryMaxSeconds", "0.5"),
                ("Slack__ChannelIntervalSeconds", "0.05"));
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            _replicas.Add((process, url));
        }

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        foreach (var (_, url) in _replicas)
        {
            await Eventually.HoldsAsync(async () =>
            {
                try
                {
                    using var ready = await http.GetAsync(new Uri(url, "/readyz"));
                    return ready.StatusCode == HttpStatusCode.OK;
                }
                catch (HttpRequestException)
                {
                    return false; // not listening yet
                }
            }, $"replica {url} to be ready", seconds: 60);
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var (process, _) in _replicas)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }

            process.Dispose();
        }

        await _slack.DisposeAsync();
        await _database.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    private static async Task SayAsync(HttpClient http, Uri replica, string text)
    {
        using var response = await http.PostAsJsonAsync(new Uri(replica, "/api/commands"), new { text, user = "carol", channel = "web" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>The replica process holding the war room's queue now, read from the lease table (its owner name carries its process id).</summary>
    private async Task<Process> QueueHolderAsync()
    {
        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT owner FROM leases WHERE name LIKE 'outbox:%' AND until > now() ORDER BY token DESC LIMIT 1", connection);
        var owner = (string)(await command.ExecuteScalarAsync())!;
        var pid = int.Parse(owner.Split(':')[1], System.Globalization.CultureInfo.InvariantCulture);
        return _replicas.Single(r => r.Process.Id == pid).Process;
    }

    [Fact]
    public async Task The_replica_posting_is_killed_mid_delivery_and_the_other_finishes_with_nothing_twice_and_nothing_lost()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        await SayAsync(http, _replicas[0].Url, "/incident start sev2 checkout errors");
        FakeChannel? room = null;
        await Eventually.HoldsAsync(() => (room = _slack.Channels.FirstOrDefault(c => c.Name.StartsWith("inc-0001", StringComparison.Ordinal))) is not null && room.Messages.Count >= 2, "the war room with its card and board", seconds: 30);

        // Slow Slack: each post takes a while, so the kill lands while posts are going out.
        _slack.Latency = TimeSpan.FromMilliseconds(150);
        for (var i = 0; i < Claims; i++)
        {
            await SayAsync(http, _replicas[i % 2].Url, $"/incident claim INC-0001 task {i:D2}");
        }

        string Posted() => string.Join("\n", room!.Messages.Skip(2).Select(m => m.Text));
        int Times(string words) => Posted().Split(words).Length - 1;
        await Eventually.HoldsAsync(() => Times("task 00") == 1, "the first claim posted", seconds: 30);
        var holder = await QueueHolderAsync();
        holder.Kill(entireProcessTree: true); // SIGKILL: no clean stop, its lease is left to run out
        await holder.WaitForExitAsync();
        Assert.True(Times($"task {Claims - 1:D2}") == 0, "the kill came while claims were still waiting to be posted");
        var survivor = _replicas.Single(r => r.Process != holder).Url;

        await Eventually.HoldsAsync(() => Times($"task {Claims - 1:D2}") == 1, "the survivor to post the rest", seconds: 60);
        await Eventually.HoldsAsync(async () => (await http.GetStringAsync(new Uri(survivor, "/metrics"))).Contains("incidentbot_outbox_depth 0\n", StringComparison.Ordinal), "the survivor's outbox to empty", seconds: 60);
        var posted = Posted();
        for (var i = 0; i < Claims; i++)
        {
            Assert.Equal(1, Times($"task {i:D2}"));
            Assert.True(i == 0 || posted.IndexOf($"task {i - 1:D2}", StringComparison.Ordinal) < posted.IndexOf($"task {i:D2}", StringComparison.Ordinal), $"task {i - 1:D2} is posted before task {i:D2}");
        }

        Assert.Single(_slack.CallsOf("conversations.create"));
    }
}
