using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using IncidentBot.FakeSlack;

using static IncidentBot.LoadTest.Figures;

namespace IncidentBot.LoadTest;

/// <summary>
/// Issue 3's figures, against the published bot as a real process and the fake Slack on loopback:
///   1. signed POST /slack/commands "/incident note ..." in an existing war room from N clients,
///      with the outbox idle, then while it delivers to a Slack that takes 500 ms a call;
///   2. every answered note is in the timeline (answered means committed);
///   3. 500 message events a second into one war room: the most messages the bot sent that channel
///      in any one second.
/// </summary>
internal static class SlackLoad
{
    internal const string Secret = "load-test-signing-secret";

    public static async Task<int> RunAsync(string botDll, int clients, int seconds, int rounds)
    {
        await using var slack = await FakeSlackServer.StartAsync();
        var general = slack.AddChannel("general");
        var broadcast = slack.AddChannel("incidents");
        var work = Directory.CreateTempSubdirectory("incidentbot-slack-load-").FullName;
        var (bot, _) = await BotProcess.StartAsync(botDll, Path.Combine(work, "slack.db"), 5280, CancellationToken.None,
            "--Slack:SigningSecret", Secret, "--Slack:BotToken", FakeSlackServer.BotToken, "--Slack:ApiBaseUrl", slack.ApiBaseUrl.ToString(),
            "--Slack:BroadcastChannel", broadcast.Id);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = bot.Url,
            Timeout = TimeSpan.FromSeconds(10),
        };

        using (var started = await SendAsync(http, "/slack/commands", Command("start sev2 slack load", "U0LOAD", general.Id)))
        {
            started.EnsureSuccessStatusCode();
        }

        FakeChannel? room = null;
        var wait = Stopwatch.StartNew();
        while ((room = slack.Channels.FirstOrDefault(c => c.Name.StartsWith("inc-0001", StringComparison.Ordinal))) is null || room.Messages.Count < 2)
        {
            if (wait.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new TimeoutException("The war room was not opened within 30 s.");
            }

            await Task.Delay(50);
        }

        Console.WriteLine($"war room #{room.Name} ready after {wait.ElapsedMilliseconds} ms");
        var answered = new ConcurrentBag<string>();
        await DriveAsync(http, clients, TimeSpan.FromSeconds(10), room.Id, "warmup", null);

        var quiet = new List<(double PerSecond, double P99, double P999)>();
        for (var round = 1; round <= rounds; round++)
        {
            quiet.Add(Report($"outbox idle, round {round}", await DriveAsync(http, clients, TimeSpan.FromSeconds(seconds), room.Id, $"q{round}", answered), seconds, clients));
        }

        // The outbox busy: a slow Slack, and a steady stream of changes made on the war room page that
        // must be posted to the room and shown on its card and board.
        slack.Latency = TimeSpan.FromMilliseconds(500);
        using var stopChanges = new CancellationTokenSource();
        var changes = Task.Run(async () =>
        {
            for (var n = 0; !stopChanges.IsCancellationRequested; n++)
            {
                using var response = await http.PostAsJsonAsync("/api/commands", new { text = $"/incident claim INC-0001 check shard {n}", user = $"web{n % 7}", channel = "web" });
                await Task.Delay(100);
            }
        });
        await Task.Delay(2000);
        var busy = new List<(double PerSecond, double P99, double P999)>();
        for (var round = 1; round <= rounds; round++)
        {
            busy.Add(Report($"outbox delivering to a 500 ms Slack, round {round}", await DriveAsync(http, clients, TimeSpan.FromSeconds(seconds), room.Id, $"b{round}", answered), seconds, clients));
        }

        await stopChanges.CancelAsync();
        await changes;
        var deliveries = slack.Calls.Count(c => c.Method is "chat.postMessage" or "chat.update");
        Console.WriteLine($"median of rounds, outbox idle: {Median(quiet.Select(r => r.PerSecond)):0} requests/s, p99 {Median(quiet.Select(r => r.P99)):F2} ms, p99.9 {Median(quiet.Select(r => r.P999)):F2} ms");
        Console.WriteLine($"median of rounds, outbox busy: {Median(busy.Select(r => r.PerSecond)):0} requests/s, p99 {Median(busy.Select(r => r.P99)):F2} ms, p99.9 {Median(busy.Select(r => r.P999)):F2} ms ({deliveries} posts and updates delivered to Slack so far)");

        // Committed before the answer: every answered note is in the log.
        var timeline = await http.GetFromJsonAsync<JsonElement>("/api/incidents/INC-0001/timeline");
        var stored = timeline.EnumerateArray().Select(e => e.GetProperty("text").GetString()).ToHashSet();
        var missing = answered.Count(a => !stored.Contains(a));
        Console.WriteLine($"{answered.Count} notes answered 200, {missing} missing from the timeline");

        // 500 events a second into the room for ten seconds.
        slack.Latency = TimeSpan.Zero;
        var since = DateTimeOffset.UtcNow;
        var sent = 0;
        var clock = Stopwatch.StartNew();
        for (var tick = 0; tick < 100; tick++)
        {
            var batch = Enumerable.Range(0, 50).Select(i =>
            {
                var n = Interlocked.Increment(ref sent);
                var ts = $"1763900000.{n:D6}";
                return SendAsync(http, "/slack/events", Event(room.Id, $"Ev{n:D8}", $"U{n % 13:D8}", $"observation {n}", ts));
            }).ToList();
            if (tick % 10 == 0)
            {
                batch.Add(http.PostAsJsonAsync("/api/commands", new { text = $"/incident claim INC-0001 look at region {tick}", user = "webber", channel = "web" }));
            }

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

        Console.WriteLine($"sent {sent} message events in {clock.Elapsed.TotalSeconds:F1} s ({sent / clock.Elapsed.TotalSeconds:F0}/s)");
        await Task.Delay(5000);
        var toRoom = slack.Calls.Where(c => c.At >= since && c.Method is "chat.postMessage" or "chat.update" && c.Arg("channel") == room.Id).Select(c => c.At).Order().ToList();
        var worst = toRoom.Count == 0 ? 0 : toRoom.Max(t => toRoom.Count(u => u >= t && u < t + TimeSpan.FromSeconds(1)));
        Console.WriteLine($"messages the bot sent to the room meanwhile: {toRoom.Count} (chat.postMessage + chat.update), at most {worst} in any one second");
        var gaps = toRoom.Zip(toRoom.Skip(1), (a, b) => (b - a).TotalMilliseconds).ToList();
        Console.WriteLine($"shortest gap between two of them: {(gaps.Count == 0 ? double.NaN : gaps.Min()):F0} ms");

        bot.Dispose();
        Directory.Delete(work, recursive: true);
        return missing == 0 && worst <= 1 ? 0 : 1;
    }

    private static (double PerSecond, double P99, double P999) Report(string what, List<double> latencies, int seconds, int clients)
    {
        latencies.Sort();
        var perSecond = latencies.Count / (double)seconds;
        Console.WriteLine($"{what}: {perSecond:F0} requests/s, p50 {Percentile(latencies, 0.50):F2} ms, p99 {Percentile(latencies, 0.99):F2} ms, p99.9 {Percentile(latencies, 0.999):F2} ms, max {latencies[^1]:F1} ms ({latencies.Count} requests, {clients} clients)");
        return (perSecond, Percentile(latencies, 0.99), Percentile(latencies, 0.999));
    }

    private static async Task<List<double>> DriveAsync(HttpClient http, int clients, TimeSpan duration, string room, string tag, ConcurrentBag<string>? answered)
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
                using var response = await SendAsync(http, "/slack/commands", Command("note " + text, $"U{c:D8}", room));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    answered?.Add(text);
                }
            }
        })));
        return [.. all.SelectMany(l => l)];
    }

    internal static string Command(string text, string user, string channel) =>
        $"token=x&team_id=T0001&team_domain=load&channel_id={channel}&channel_name=room&user_id={user}&user_name={user.ToLowerInvariant()}&command=%2Fincident&text={Uri.EscapeDataString(text)}&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2F1&trigger_id=1.2.3&api_app_id=A0001";

    internal static string Event(string channel, string id, string user, string text, string ts) => new JsonObject
    {
        ["type"] = "event_callback",
        ["team_id"] = "T0001",
        ["api_app_id"] = "A0001",
        ["event_id"] = id,
        ["event_time"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
        ["event"] = new JsonObject { ["type"] = "message", ["channel"] = channel, ["user"] = user, ["text"] = text, ["ts"] = ts },
    }.ToJsonString();

    internal static async Task<HttpResponseMessage> SendAsync(HttpClient http, string path, string body)
    {
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var bytes = Encoding.UTF8.GetBytes(body);
        var signature = "v0=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes($"v0:{timestamp}:{body}")));
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new ByteArrayContent(bytes) { Headers = { { "Content-Type", path.EndsWith("events", StringComparison.Ordinal) ? "application/json" : "application/x-www-form-urlencoded" } } },
        };
        request.Headers.Add("X-Slack-Request-Timestamp", timestamp);
        request.Headers.Add("X-Slack-Signature", signature);
        return await http.SendAsync(request);
    }


}
