using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using IncidentBot.LoadTest;
using static IncidentBot.LoadTest.Figures;

// Load script for issue 2's figures. Starts the published bot as a real process on loopback and
//   1. times process start → /readyz 200, and reads the idle working set;
//   2. drives POST /api/commands "/incident note ..." on one incident from N concurrent clients,
//      reporting commands/s and latency percentiles per round;
//   3. kills the bot with SIGKILL in the middle of a load, restarts it on the same file, and checks
//      that every command that got a 200 is in the timeline.
// Usage: dotnet run -c Release --project bench/IncidentBot.LoadTest -- <IncidentBot.dll> [clients] [seconds] [rounds]
//        dotnet run -c Release --project bench/IncidentBot.LoadTest -- <IncidentBot.dll> slack [clients] [seconds] [rounds]   (issue 3: see SlackLoad)
//        dotnet run -c Release --project bench/IncidentBot.LoadTest -- <IncidentBot.dll> teams [clients] [seconds] [rounds]   (issue 11: see TeamsLoad)
//        dotnet run -c Release --project bench/IncidentBot.LoadTest -- <IncidentBot.dll> alerts [clients]                     (issue 6: see AlertStorm)
//        dotnet run -c Release --project bench/IncidentBot.LoadTest -- <IncidentBot.dll> soak [minutes] [sample seconds]      (issue 16: see Soak)
//        dotnet run -c Release --project bench/IncidentBot.LoadTest -- <IncidentBot.dll> postgres [replicas] [clients] [seconds] [rounds] [incidents]
//                                                   (issue 12: 1 or 2 replicas on ConnectionStrings__Postgres, 1 incident or N; see PostgresLoad)
var botDll = Path.GetFullPath(args.Length > 0 ? args[0] : "artifacts/bot/IncidentBot.dll");
if (args.Length > 1 && args[1] == "soak")
{
    return await Soak.RunAsync(botDll, args.Length > 2 ? double.Parse(args[2], CultureInfo.InvariantCulture) : 30, args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 30);
}

if (args.Length > 1 && args[1] == "alerts")
{
    return await AlertStorm.RunAsync(botDll, args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 16);
}

if (args.Length > 1 && args[1] == "postgres")
{
    int Arg(int i, int fallback) => args.Length > i ? int.Parse(args[i], CultureInfo.InvariantCulture) : fallback;
    return await PostgresLoad.RunAsync(botDll, Arg(2, 1), Arg(3, 64), Arg(4, 10), Arg(5, 3), Arg(6, 1));
}

if (args.Length > 1 && args[1] == "teams")
{
    int Arg(int i, int fallback) => args.Length > i ? int.Parse(args[i], CultureInfo.InvariantCulture) : fallback;
    return await TeamsLoad.RunAsync(botDll, Arg(2, 64), Arg(3, 10), Arg(4, 3));
}

if (args.Length > 1 && args[1] == "slack")
{
    int Arg(int i, int fallback) => args.Length > i ? int.Parse(args[i], CultureInfo.InvariantCulture) : fallback;
    return await SlackLoad.RunAsync(botDll, Arg(2, 64), Arg(3, 10), Arg(4, 3));
}

var clients = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 32;
var seconds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 10;
var rounds = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 3;
var work = Directory.CreateTempSubdirectory("incidentbot-load-").FullName;
var database = Path.Combine(work, "load.db");
var cancel = CancellationToken.None;

var starts = new List<double>();
var idle = new List<double>();
for (var i = 0; i < 5; i++)
{
    var fresh = Path.Combine(work, $"start-{i}.db");
    var (probe, ready) = await BotProcess.StartAsync(botDll, fresh, 5190 + i, cancel);
    starts.Add(ready.TotalMilliseconds);
    await Task.Delay(2000, cancel);
    idle.Add(probe.WorkingSetMiB());
    probe.Dispose();
}

Console.WriteLine($"start → /readyz 200: median {Median(starts):F0} ms (runs: {string.Join(", ", starts.Select(s => s.ToString("F0", CultureInfo.InvariantCulture)))})");
Console.WriteLine($"idle working set (VmRSS, 2 s after ready): median {Median(idle):F1} MiB");

var (bot, _) = await BotProcess.StartAsync(botDll, database, 5180, cancel);
using var http = Client(bot.Url, clients);
await Post(http, "/incident start load test on one incident", "web");

var results = new List<(double PerSecond, double P50, double P99)>();
await Drive(http, clients, TimeSpan.FromSeconds(3), "warmup");
for (var round = 1; round <= rounds; round++)
{
    var (pausedBefore, gen2Before, cpuBefore) = (GC.GetTotalPauseDuration(), GC.CollectionCount(2), CpuSample.Take([bot.Pid]));
    var latencies = await Drive(http, clients, TimeSpan.FromSeconds(seconds), $"r{round}");
    var cpu = CpuSample.Take([bot.Pid]).Since(cpuBefore);
    Console.WriteLine($"  load generator's own GC: {(GC.GetTotalPauseDuration() - pausedBefore).TotalMilliseconds:F0} ms paused, {GC.CollectionCount(2) - gen2Before} gen2 collections, last pause {GC.GetGCMemoryInfo(GCKind.Any).PauseDurations[0].TotalMilliseconds:F1} ms");
    latencies.Sort();
    var perSecond = latencies.Count / (double)seconds;
    results.Add((perSecond, Percentile(latencies, 0.50), Percentile(latencies, 0.99)));
    Console.WriteLine($"round {round}: {perSecond:F0} commands/s, p50 {Percentile(latencies, 0.50):F2} ms, p99 {Percentile(latencies, 0.99):F2} ms, max {latencies[^1]:F1} ms ({latencies.Count} commands, {clients} clients)");
    Console.WriteLine("  " + cpu);
}

Console.WriteLine($"median of rounds: {Median(results.Select(r => r.PerSecond).ToList()):F0} commands/s, p50 {Median(results.Select(r => r.P50).ToList()):F2} ms, p99 {Median(results.Select(r => r.P99).ToList()):F2} ms");

// The ceiling on this machine with this client: the same clients on GET /healthz (no parsing, no store).
var ceiling = await Drive(http, clients, TimeSpan.FromSeconds(seconds), "", healthOnly: true);
Console.WriteLine($"ceiling, GET /healthz with the same clients: {ceiling.Count / (double)seconds:F0} requests/s; commands reach {Median(results.Select(r => r.PerSecond).ToList()) / (ceiling.Count / (double)seconds):P0} of it");

// Durability: kill -9 during load; every answered note must be in the timeline after restart.
var answered = new System.Collections.Concurrent.ConcurrentBag<string>();
using var killAfter = new CancellationTokenSource(TimeSpan.FromSeconds(2));
var load = Drive(http, clients, TimeSpan.FromSeconds(30), "kill", answered, killAfter.Token);
await Task.Delay(1500, cancel);
bot.Kill();
await load;
var (restarted, _) = await BotProcess.StartAsync(botDll, database, 5181, cancel);
using var after = Client(restarted.Url, 1);
var timeline = await after.GetFromJsonAsync<JsonElement>("/api/incidents/INC-0001/timeline", cancel);
var stored = timeline.EnumerateArray().Select(e => e.GetProperty("text").GetString()).ToHashSet();
var missing = answered.Count(a => !stored.Contains(a));
Console.WriteLine($"kill -9 under load: {answered.Count} commands answered 200 before the kill, {missing} missing after restart, {timeline.GetArrayLength()} events in the log");
restarted.Dispose();
bot.Dispose();
Directory.Delete(work, recursive: true);
return missing == 0 ? 0 : 1;

static HttpClient Client(Uri url, int connections) => new(new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
{
    BaseAddress = url,
    Timeout = TimeSpan.FromSeconds(10),
};

static async Task Post(HttpClient http, string text, string channel)
{
    using var response = await http.PostAsJsonAsync("/api/commands", new { text, user = "loader", channel });
    response.EnsureSuccessStatusCode();
}

static async Task<List<double>> Drive(HttpClient http, int clients, TimeSpan duration, string tag,
    System.Collections.Concurrent.ConcurrentBag<string>? answered = null, CancellationToken stop = default, bool healthOnly = false)
{
    var end = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
    var all = new List<double>[clients];
    await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
    {
        var mine = all[c] = new List<double>(100_000);
        for (var n = 0; Stopwatch.GetTimestamp() < end && !stop.IsCancellationRequested; n++)
        {
            var text = $"{tag} client {c} note {n}";
            var started = Stopwatch.GetTimestamp();
            try
            {
                using var response = healthOnly
                    ? await http.GetAsync(new Uri("/healthz", UriKind.Relative))
                    : await http.PostAsJsonAsync("/api/commands", new { text = "/incident note " + text, user = $"user{c}", channel = "web" });
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    answered?.Add(text);
                }
            }
            catch (HttpRequestException) when (answered is not null)
            {
                return; // the bot was killed under us
            }
            catch (TaskCanceledException) when (answered is not null)
            {
                return;
            }
        }
    })));
    return [.. all.SelectMany(l => l)];
}
