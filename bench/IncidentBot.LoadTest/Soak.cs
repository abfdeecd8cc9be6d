using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using IncidentBot.FakeSlack;

using static IncidentBot.LoadTest.Figures;

namespace IncidentBot.LoadTest;

/// <summary>
/// Issue 16's soak: the published bot for N minutes (30 by default) of steady mixed traffic on loopback:
/// API commands on many incidents, signed Slack slash commands and message events in war rooms,
/// Alertmanager posts that open and resolve incidents, and live page clients on /api/changes that
/// come and go. Every sample reads the process's resident memory, open file handles and threads
/// (/proc) and the managed heap and GC counts (/metrics); the end prints the trend after warm-up.
/// </summary>
internal static class Soak
{
    private const string AlertsToken = "soak-alerts-token";

    public static async Task<int> RunAsync(string botDll, double minutes, int sampleSeconds)
    {
        await using var slack = await FakeSlackServer.StartAsync();
        var general = slack.AddChannel("general");
        var broadcast = slack.AddChannel("incidents");
        var work = Directory.CreateTempSubdirectory("incidentbot-soak-").FullName;
        var (bot, _) = await BotProcess.StartAsync(botDll, Path.Combine(work, "soak.db"), 5380, CancellationToken.None,
            "--Slack:SigningSecret", SlackLoad.Secret, "--Slack:BotToken", FakeSlackServer.BotToken, "--Slack:ApiBaseUrl", slack.ApiBaseUrl.ToString(),
            "--Slack:BroadcastChannel", broadcast.Id, "--Alerts:Token", AlertsToken, "--Alerts:WindowMinutes", "1");
        using var _ = bot;
        using var http = new HttpClient { BaseAddress = bot.Url, Timeout = TimeSpan.FromSeconds(30) };
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(minutes));
        var errors = new int[1];
        var sent = new long[1];

        var traffic = new[]
        {
            Every(TimeSpan.FromMilliseconds(20), errors, sent, n => ApiCommandAsync(http, n), stop.Token),
            Every(TimeSpan.FromMilliseconds(100), errors, sent, n => SlackAsync(http, slack, general.Id, n), stop.Token),
            Every(TimeSpan.FromSeconds(2), errors, sent, n => AlertAsync(http, n), stop.Token),
            PageClientsAsync(bot.Url, 5, stop.Token),
        };

        var samples = new List<Sample>();
        var clock = Stopwatch.StartNew();
        Console.WriteLine("minute  rss MiB  heap MiB  handles  threads  gen0  gen1  gen2  requests  errors");
        while (!stop.IsCancellationRequested)
        {
            await Task.Delay(TimeSpan.FromSeconds(sampleSeconds), CancellationToken.None);
            var sample = await SampleAsync(bot, http, clock.Elapsed);
            samples.Add(sample);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{sample.Minute,6:F1}  {sample.RssMiB,7:F1}  {sample.HeapMiB,8:F1}  {sample.Handles,7}  {sample.Threads,7}  {sample.Gen0,4}  {sample.Gen1,4}  {sample.Gen2,4}  {Volatile.Read(ref sent[0]),8}  {Volatile.Read(ref errors[0]),6}"));
        }

        await Task.WhenAll(traffic);
        return Report(samples, errors[0], sent[0]);
    }

    private sealed record Sample(double Minute, double RssMiB, double HeapMiB, int Handles, int Threads, long Gen0, long Gen1, long Gen2);

    /// <summary>After the first sixth (warm-up), the middle third against the last third: flat means within 10 %, and no handle growth.</summary>
    private static int Report(List<Sample> samples, int errors, long sent)
    {
        var settled = samples.Skip(samples.Count / 6).ToList();
        var third = Math.Max(1, settled.Count / 3);
        var middle = settled.Skip(third).Take(third).ToList();
        var last = settled.TakeLast(third).ToList();
        double Growth(Func<Sample, double> of) => (Median([.. last.Select(of)]) / Median([.. middle.Select(of)]) - 1) * 100;
        var rss = Growth(s => s.RssMiB);
        var heap = Growth(s => s.HeapMiB);
        var handles = Median([.. last.Select(s => (double)s.Handles)]) - Median([.. middle.Select(s => (double)s.Handles)]);
        var threads = Median([.. last.Select(s => (double)s.Threads)]) - Median([.. middle.Select(s => (double)s.Threads)]);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"after warm-up, last third vs middle third (medians): RSS {rss:+0.0;-0.0} %, managed heap {heap:+0.0;-0.0} %, handles {handles:+0;-0}, threads {threads:+0;-0}; {sent:N0} requests, {errors} errors"));
        var flat = Math.Abs(rss) <= 10 && handles <= 2 && errors == 0;
        Console.WriteLine(flat ? "flat: memory within 10 %, no handle growth, no errors" : "NOT flat: see the samples above");
        return flat ? 0 : 1;
    }

    private static async Task<Sample> SampleAsync(BotProcess bot, HttpClient http, TimeSpan elapsed)
    {
        var status = File.ReadAllLines($"/proc/{bot.Pid}/status");
        double Field(string name) => double.Parse(status.First(l => l.StartsWith(name, StringComparison.Ordinal)).Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        var handles = Directory.GetFiles($"/proc/{bot.Pid}/fd").Length;
        var metrics = (await http.GetStringAsync(new Uri("/metrics", UriKind.Relative))).Split('\n');
        double Metric(string name) => double.Parse(metrics.First(l => l.StartsWith(name + " ", StringComparison.Ordinal))[(name.Length + 1)..], CultureInfo.InvariantCulture);
        return new Sample(elapsed.TotalMinutes, Field("VmRSS:") / 1024, Metric("dotnet_gc_heap_bytes") / 1048576, handles, (int)Field("Threads:"),
            (long)Metric("dotnet_gc_collections_total{generation=\"0\"}"), (long)Metric("dotnet_gc_collections_total{generation=\"1\"}"), (long)Metric("dotnet_gc_collections_total{generation=\"2\"}"));
    }

    private static Task Every(TimeSpan interval, int[] errors, long[] sent, Func<long, Task<bool>> send, CancellationToken stop) => Task.Run(async () =>
    {
        using var timer = new PeriodicTimer(interval);
        for (long n = 0; await Tick(timer, stop); n++)
        {
            try
            {
                if (!await send(n))
                {
                    Interlocked.Increment(ref errors[0]);
                }
            }
            catch (HttpRequestException)
            {
                Interlocked.Increment(ref errors[0]);
            }

            Interlocked.Increment(ref sent[0]);
        }
    }, CancellationToken.None);

    private static async Task<bool> Tick(PeriodicTimer timer, CancellationToken stop)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stop);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Notes, claims and hypotheses on twenty incidents of the page, each new every five minutes.</summary>
    private static async Task<bool> ApiCommandAsync(HttpClient http, long n)
    {
        var generation = n / 15_000; // a new set of incidents every 15,000 commands (about 5 min)
        var room = $"soak-{generation}-{n % 20}";
        var text = (n % 5) switch
        {
            0 when n < (generation * 15_000) + 20 => $"/incident start sev3 soak incident {n % 20} of set {generation}",
            1 => $"/incident claim look at shard {n % 97}",
            2 => $"/incident hypothesis shard {n % 97} is hot",
            _ => $"/incident note reading {n} from the soak",
        };
        using var response = await http.PostAsJsonAsync("/api/commands", new { text, user = $"user{n % 7}", channel = room });
        return response.IsSuccessStatusCode;
    }

    /// <summary>Slash commands into the first war room and message events in it (the capture path).</summary>
    private static async Task<bool> SlackAsync(HttpClient http, FakeSlackServer slack, string general, long n)
    {
        var room = slack.Channels.FirstOrDefault(c => c.Name.StartsWith("inc-0001", StringComparison.Ordinal));
        if (room is null)
        {
            using var started = await SlackLoad.SendAsync(http, "/slack/commands", SlackLoad.Command("start sev2 soak war room", "U0SOAK001", general));
            return started.IsSuccessStatusCode;
        }

        using var response = n % 2 == 0
            ? await SlackLoad.SendAsync(http, "/slack/commands", SlackLoad.Command($"note slack note {n}", "U0SOAK002", room.Id))
            : await SlackLoad.SendAsync(http, "/slack/events", SlackLoad.Event(room.Id, $"EvSoak{n}", "U0SOAK003", $"looking at graph {n}", $"{1_700_000_000 + n}.000100"));
        return response.IsSuccessStatusCode;
    }

    /// <summary>An Alertmanager group that fires and, a minute later, resolves; a new group every few minutes.</summary>
    private static async Task<bool> AlertAsync(HttpClient http, long n)
    {
        var group = n / 90;
        var status = n % 90 < 30 ? "firing" : "resolved";
        var body = new JsonObject
        {
            ["version"] = "4",
            ["status"] = status,
            ["receiver"] = "incidentbot",
            ["groupKey"] = $"{{}}:{{alertname=\"SoakAlert{group}\"}}",
            ["alerts"] = new JsonArray(new JsonObject
            {
                ["status"] = status,
                ["labels"] = new JsonObject { ["alertname"] = $"SoakAlert{group}", ["service"] = "soak", ["severity"] = "warning" },
                ["annotations"] = new JsonObject { ["description"] = "soak alert" },
                ["startsAt"] = "2026-11-30T10:00:00Z",
                ["endsAt"] = status == "firing" ? "0001-01-01T00:00:00Z" : "2026-11-30T10:05:00Z",
                ["fingerprint"] = $"soak{group:x8}",
            }),
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/alerts/alertmanager") { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new("Bearer", AlertsToken);
        using var response = await http.SendAsync(request);
        return response.IsSuccessStatusCode;
    }

    /// <summary>Live pages: each holds /api/changes open for a minute, reading what it pushes, then reconnects.</summary>
    private static Task PageClientsAsync(Uri url, int pages, CancellationToken stop) => Task.WhenAll(Enumerable.Range(0, pages).Select(_ => Task.Run(async () =>
    {
        using var http = new HttpClient { BaseAddress = url, Timeout = Timeout.InfiniteTimeSpan };
        while (!stop.IsCancellationRequested)
        {
            using var minute = CancellationTokenSource.CreateLinkedTokenSource(stop);
            minute.CancelAfter(TimeSpan.FromMinutes(1));
            try
            {
                using var response = await http.GetAsync(new Uri("/api/changes", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, minute.Token);
                using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(minute.Token));
                while (await reader.ReadLineAsync(minute.Token) is not null)
                {
                }
            }
            catch (OperationCanceledException)
            {
                // the minute is up: reconnect, as a reloaded page would
            }
            catch (HttpRequestException)
            {
                await Task.Delay(1000, CancellationToken.None);
            }
        }
    }, CancellationToken.None)));
}
