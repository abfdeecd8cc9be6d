using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using IncidentBot.FakeSlack;

using static IncidentBot.LoadTest.Figures;

namespace IncidentBot.LoadTest;

/// <summary>
/// Issue 6's storm: 100,000 alerts in 1,000 Alertmanager posts of 100, in 50 groups, from N clients,
/// against the published bot (with the fake Slack, so notices and rooms are really delivered).
/// Then 100 of the posts are sent again (retries), then five incidents are declared and a second
/// wave arrives, and the script checks: exactly 50 incidents, every alert recorded once, and no
/// channel got more than one message a second.
/// </summary>
internal static class AlertStorm
{
    private const string Token = "storm-token";
    private const int Groups = 50;
    private const int Posts = 1000;
    private const int PerPost = 100;

    public static async Task<int> RunAsync(string botDll, int clients)
    {
        await using var slack = await FakeSlackServer.StartAsync();
        var broadcast = slack.AddChannel("incidents");
        var work = Directory.CreateTempSubdirectory("incidentbot-storm-").FullName;
        var (bot, _) = await BotProcess.StartAsync(botDll, Path.Combine(work, "storm.db"), 5380, CancellationToken.None,
            "--Alerts:Token", Token, "--Slack:SigningSecret", "s", "--Slack:BotToken", FakeSlackServer.BotToken,
            "--Slack:ApiBaseUrl", slack.ApiBaseUrl.ToString(), "--Slack:BroadcastChannel", broadcast.Id);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients }) { BaseAddress = bot.Url, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);

        // Warm-up, as a bot that has been running is: a storm of 300 posts in 50 other groups ("Warm…"),
        // then one post opening the storm's groups, so the timed part measures steady work.
        await SendAsync(http, [.. Enumerable.Range(0, 300).Select(n => Body(n, "Warm"))], clients);
        var bodies = Enumerable.Range(0, Posts).Select(n => Body(n)).ToArray();
        await SendAsync(http, [Body(Posts + 1)], 1);
        var latencies = new ConcurrentBag<double>();
        var clock = Stopwatch.StartNew();
        await SendAsync(http, bodies, clients, latencies);
        var seconds = clock.Elapsed.TotalSeconds;
        var sorted = latencies.Order().ToList();
        Console.WriteLine($"storm: {Posts * PerPost:N0} alerts in {Posts} posts from {clients} clients in {seconds:F2} s: {Posts * PerPost / seconds:N0} alerts/s; POST /alerts/alertmanager p50 {Percentile(sorted, 0.5):F1} ms, p99 {Percentile(sorted, 0.99):F1} ms, max {sorted[^1]:F1} ms");

        var retried = new ConcurrentBag<double>();
        await SendAsync(http, [.. bodies.Where((_, i) => i % 10 == 0)], clients, retried);
        Console.WriteLine($"100 posts sent again: p99 {Percentile([.. retried.Order()], 0.99):F1} ms");

        var incidents = await http.GetFromJsonAsync<JsonElement>("/api/incidents");
        var storm = incidents.EnumerateArray().Where(i => i.GetProperty("title").GetString()!.StartsWith("Storm", StringComparison.Ordinal)).ToList();
        var count = storm.Count;
        long alerts = 0;
        var versions = new Dictionary<string, long>();
        foreach (var summary in storm)
        {
            var id = summary.GetProperty("id").GetString()!;
            var incident = await http.GetFromJsonAsync<JsonElement>($"/api/incidents/{id}");
            alerts += incident.GetProperty("alerts").GetProperty("total").GetInt32();
            versions[id] = incident.GetProperty("version").GetInt64();
        }

        // The warm-up post held 100 alerts of its own, all in the same 50 groups.
        Console.WriteLine($"storm incidents: {count} (expected {Groups}); their alerts recorded: {alerts:N0} (expected {Posts * PerPost + PerPost:N0})");

        // Declare five; a second wave of alerts then lands in their rooms' summaries.
        foreach (var id in versions.Keys.Take(5))
        {
            using var declared = await http.PostAsJsonAsync("/api/commands", new { text = $"/incident declare {id}", user = "oncall", channel = "web" });
            var answer = await declared.Content.ReadFromJsonAsync<JsonElement>();
            if (!answer.GetProperty("ok").GetBoolean())
            {
                Console.WriteLine($"declaring {id} was refused: {answer.GetProperty("text").GetString()}");
            }
        }

        await SendAsync(http, [.. Enumerable.Range(Posts + 10, 100).Select(Body)], clients);
        Console.WriteLine("waiting 60 s for notices, rooms and summaries to be delivered at Slack's pace…");
        await Task.Delay(TimeSpan.FromSeconds(60));
        Console.WriteLine("Slack calls: " + string.Join(", ", slack.Calls.GroupBy(c => c.Method).Select(g => $"{g.Key} {g.Count()}")));
        var worst = slack.Channels.Select(c =>
        {
            var times = slack.Calls.Where(x => x.Method is "chat.postMessage" or "chat.update" && x.Arg("channel") == c.Id).Select(x => x.At).Order().ToList();
            return (Channel: c.Name, Count: times.Count, Worst: times.Count == 0 ? 0 : times.Max(t => times.Count(u => u >= t && u < t + TimeSpan.FromSeconds(1))));
        }).ToList();
        Console.WriteLine($"Slack: {slack.Channels.Count - 1} rooms opened, {worst.Sum(w => w.Count)} posts and updates in all; the busiest channel #{worst.MaxBy(w => w.Count).Channel} got {worst.Max(w => w.Count)}; at most {worst.Max(w => w.Worst)} in any one second to any channel");

        bot.Dispose();
        Directory.Delete(work, recursive: true);
        return count == Groups && alerts == Posts * PerPost + PerPost && worst.Max(w => w.Worst) <= 1 ? 0 : 1;
    }

    /// <summary>Post <paramref name="n"/>: 100 alerts, two of each group, each alert its own fingerprint.</summary>
    private static string Body(int n) => Body(n, "Storm");

    private static string Body(int n, string prefix) => new JsonObject
    {
        ["version"] = "4",
        ["status"] = "firing",
        ["receiver"] = "incidentbot",
        ["alerts"] = new JsonArray([.. Enumerable.Range(0, PerPost).Select(i => (JsonNode)new JsonObject
        {
            ["status"] = "firing",
            ["labels"] = new JsonObject { ["alertname"] = $"{prefix}{i % Groups}", ["service"] = $"svc{i % Groups}", ["severity"] = "critical", ["instance"] = $"host-{n}-{i}" },
            ["annotations"] = new JsonObject { ["description"] = $"instance host-{n}-{i} is unhappy" },
            ["startsAt"] = "2026-11-22T10:00:00Z",
            ["endsAt"] = "0001-01-01T00:00:00Z",
            ["generatorURL"] = "http://prometheus:9090/graph",
            ["fingerprint"] = $"{prefix}{n:x6}{i:x4}",
        })]),
    }.ToJsonString();

    private static async Task<int> SendAsync(HttpClient http, string[] bodies, int clients, ConcurrentBag<double>? latencies = null)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < bodies.Length; i = Interlocked.Increment(ref next))
            {
                var started = Stopwatch.GetTimestamp();
                using var content = new StringContent(bodies[i], Encoding.UTF8, "application/json");
                using var response = await http.PostAsync(new Uri("/alerts/alertmanager", UriKind.Relative), content);
                response.EnsureSuccessStatusCode();
                latencies?.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        })));
        return bodies.Length;
    }

}
