using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using IncidentBot.FakeTeams;

using static IncidentBot.LoadTest.Figures;

namespace IncidentBot.LoadTest;

/// <summary>
/// Issue 11's figures, against the published bot as a real process and the fake Microsoft on loopback:
///   1. POST /api/messages with valid Bot Framework tokens, "incident note ..." typed in the war room
///      thread, from N clients: activities/s and latency percentiles (the keys are fetched once);
///   2. every answered note is in the timeline (answered means committed);
///   3. 500 events a second into the room for ten seconds: the most calls the bot made to that
///      conversation in any one second, and how many Teams answered 429.
/// </summary>
internal static class TeamsLoad
{
    public static async Task<int> RunAsync(string botDll, int clients, int seconds, int rounds)
    {
        await using var teams = await FakeTeamsServer.StartAsync();
        var incidents = teams.AddChannel("Incidents");
        var chat = teams.AddChat("29:1load-starter");
        var work = Directory.CreateTempSubdirectory("incidentbot-teams-load-").FullName;
        var (bot, _) = await BotProcess.StartAsync(botDll, Path.Combine(work, "teams.db"), 5380, CancellationToken.None,
            "--Teams:AppId", FakeTeamsServer.AppId, "--Teams:AppPassword", FakeTeamsServer.AppPassword,
            "--Teams:IncidentsChannel", incidents.Id, "--Teams:ServiceUrl", teams.ServiceUrl.ToString(),
            "--Teams:OpenIdMetadataUrl", teams.OpenIdMetadataUrl.ToString(), "--Teams:LoginUrl", teams.BaseUrl.ToString());
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = bot.Url,
            Timeout = TimeSpan.FromSeconds(10),
        };
        var service = teams.ServiceUrl.ToString();
        var token = teams.Token(service);

        using (var started = await SendAsync(http, token, Activity("message", chat.Id, "29:1load-starter", "incident start sev2 teams load", "start", service)))
        {
            started.EnsureSuccessStatusCode();
        }

        FakeConversation? thread = null;
        var wait = Stopwatch.StartNew();
        while (incidents.Messages is not [var root, ..] || (thread = teams.Thread(incidents, root)) is null || thread.Messages.Count < 2)
        {
            if (wait.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new TimeoutException("The war room thread was not opened within 30 s.");
            }

            await Task.Delay(50);
        }

        Console.WriteLine($"war room thread ready after {wait.ElapsedMilliseconds} ms; signing keys fetched {teams.KeyRequests} time(s) so far");
        var answered = new ConcurrentBag<string>();
        await DriveAsync(http, token, clients, TimeSpan.FromSeconds(10), thread.Id, service, "warmup", null);
        var results = new List<(double PerSecond, double P99)>();
        for (var round = 1; round <= rounds; round++)
        {
            var latencies = await DriveAsync(http, token, clients, TimeSpan.FromSeconds(seconds), thread.Id, service, $"r{round}", answered);
            latencies.Sort();
            var perSecond = latencies.Count / (double)seconds;
            results.Add((perSecond, Percentile(latencies, 0.99)));
            Console.WriteLine($"round {round}: {perSecond:F0} activities/s, p50 {Percentile(latencies, 0.50):F2} ms, p99 {Percentile(latencies, 0.99):F2} ms, max {latencies[^1]:F1} ms ({latencies.Count} notes, {clients} clients)");
        }

        Console.WriteLine($"median of rounds: {Median(results.Select(r => r.PerSecond)):F0} activities/s, p99 {Median(results.Select(r => r.P99)):F2} ms; signing keys fetched {teams.KeyRequests} time(s) in all");
        var timeline = await http.GetFromJsonAsync<JsonElement>("/api/incidents/INC-0001/timeline");
        var stored = timeline.EnumerateArray().Select(e => e.GetProperty("text").GetString()).ToHashSet();
        var missing = answered.Count(a => !stored.Contains(a));
        Console.WriteLine($"{answered.Count} notes answered 200, {missing} missing from the timeline");

        // 500 events a second into the room for ten seconds: chatter, and every 50th a hypothesis (a post in the room).
        var since = DateTimeOffset.UtcNow;
        var sent = 0;
        var clock = Stopwatch.StartNew();
        for (var tick = 0; tick < 100; tick++)
        {
            var batch = Enumerable.Range(0, 50).Select(i =>
            {
                var n = Interlocked.Increment(ref sent);
                var text = n % 50 == 0 ? $"incident hypothesis shard {n} is hot" : $"observation {n}";
                return SendAsync(http, token, Activity("message", thread.Id, $"29:1user{n % 13}", text, $"ev{n}", service));
            });
            foreach (var response in await Task.WhenAll(batch))
            {
                response.Dispose();
            }

            var due = TimeSpan.FromMilliseconds((tick + 1) * 100) - clock.Elapsed;
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due);
            }
        }

        Console.WriteLine($"sent {sent} activities in {clock.Elapsed.TotalSeconds:F1} s ({sent / clock.Elapsed.TotalSeconds:F0}/s)");
        await Task.Delay(5000);
        var toRoom = teams.Calls.Where(c => c.At >= since && c.Conversation == thread.Id).Select(c => c.At).Order().ToList();
        var worst = toRoom.Count == 0 ? 0 : toRoom.Max(t => toRoom.Count(u => u >= t && u < t + TimeSpan.FromSeconds(1)));
        Console.WriteLine($"calls the bot made to the room meanwhile: {toRoom.Count} (posts and card updates), at most {worst} in any one second (Teams allows 7); Teams answered 429 {teams.Limited.Count} time(s)");

        bot.Dispose();
        Directory.Delete(work, recursive: true);
        return missing == 0 && worst <= 7 && teams.Limited.Count == 0 ? 0 : 1;
    }

    private static async Task<List<double>> DriveAsync(HttpClient http, string token, int clients, TimeSpan duration, string room, string service, string tag, ConcurrentBag<string>? answered)
    {
        var end = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var all = new List<double>[clients];
        await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
        {
            var mine = all[c] = new List<double>(100_000);
            for (var n = 0; Stopwatch.GetTimestamp() < end; n++)
            {
                var text = $"{tag} client {c} note {n}";
                var started = Stopwatch.GetTimestamp();
                using var response = await SendAsync(http, token, Activity("message", room, $"29:1client{c}", "incident note " + text, $"{tag}-{c}-{n}", service));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    answered?.Add(text);
                }
            }
        })));
        return [.. all.SelectMany(l => l)];
    }

    /// <summary>
    /// A message activity as Teams sends it in a channel thread or a personal chat. Built from a template
    /// with the varying parts JSON-escaped in, so the load generator, which shares the machine's two
    /// cores with the bot, spends as little as it can.
    /// </summary>
    private static string Activity(string type, string conversation, string user, string text, string id, string service) =>
        Template(type, conversation, service)
            .Replace("\"@ID\"", JsonSerializer.Serialize(id), StringComparison.Ordinal)
            .Replace("\"@USER\"", JsonSerializer.Serialize(user), StringComparison.Ordinal)
            .Replace("\"@NAME\"", JsonSerializer.Serialize("Load " + user[^4..]), StringComparison.Ordinal)
            .Replace("\"@TEXT\"", JsonSerializer.Serialize(text), StringComparison.Ordinal)
            .Replace("\"@TIME\"", JsonSerializer.Serialize(DateTimeOffset.UtcNow.ToString("O")), StringComparison.Ordinal);

    private static readonly ConcurrentDictionary<(string, string, string), string> Templates = new();

    private static string Template(string type, string conversation, string service) => Templates.GetOrAdd((type, conversation, service), _ => new JsonObject
    {
        ["type"] = type,
        ["id"] = "@ID",
        ["timestamp"] = "@TIME",
        ["serviceUrl"] = service,
        ["channelId"] = "msteams",
        ["from"] = new JsonObject { ["id"] = "@USER", ["name"] = "@NAME" },
        ["recipient"] = new JsonObject { ["id"] = FakeTeamsServer.BotId, ["name"] = "IncidentBot" },
        ["conversation"] = new JsonObject
        {
            ["id"] = conversation,
            ["conversationType"] = conversation.StartsWith("a:", StringComparison.Ordinal) ? "personal" : "channel",
            ["tenantId"] = FakeTeamsServer.Tenant,
        },
        ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = FakeTeamsServer.Tenant } },
        ["text"] = "@TEXT",
    }.ToJsonString());

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, string token, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await http.SendAsync(request);
    }
}
