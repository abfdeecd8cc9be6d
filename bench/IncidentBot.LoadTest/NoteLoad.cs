using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;

namespace IncidentBot.LoadTest;

/// <summary>What became of one note: recorded (200 with "ok": true), refused (200 with "ok": false: nothing recorded) or failed (no 200).</summary>
internal enum NoteOutcome
{
    Recorded,
    Refused,
    Failed,
}

/// <summary>One round's figures: latencies of recorded notes, and how many each replica recorded, refused and failed.</summary>
internal sealed record NoteRound(List<double> Latencies, int[] Recorded, int Refused, int Failed);

/// <summary>
/// <c>/incident note ...</c> on the war room "web" from many clients spread over replicas as a
/// round-robin balancer would: client i always talks to replica i % n.
/// </summary>
internal static class NoteLoad
{
    public static HttpClient Client(Uri url, int connections, TimeSpan timeout) =>
        new(new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = url,
            Timeout = timeout,
        };

    /// <summary>
    /// The API answers 200 for a refusal too (the reply says why), so a note counts as recorded only
    /// when its reply says ok: the bot answers that only after the commit.
    /// </summary>
    public static async Task<NoteOutcome> NoteAsync(HttpClient http, string text, string user, string? idempotencyKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/commands", UriKind.Relative))
        {
            Content = JsonContent.Create(new { text = "/incident note " + text, user, channel = "web" }),
        };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        try
        {
            using var response = await http.SendAsync(request);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return NoteOutcome.Failed;
            }

            var body = await response.Content.ReadAsByteArrayAsync();
            return body.AsSpan().IndexOf("\"ok\":true"u8) >= 0 ? NoteOutcome.Recorded : NoteOutcome.Refused;
        }
        catch (HttpRequestException)
        {
            return NoteOutcome.Failed;
        }
        catch (TaskCanceledException)
        {
            return NoteOutcome.Failed; // the client's timeout
        }
    }

    /// <summary>Every client notes as fast as it is answered for <paramref name="duration"/>; recorded notes' texts go to <paramref name="answered"/>.</summary>
    public static async Task<NoteRound> DriveAsync(HttpClient[] replicas, int clients, TimeSpan duration, string tag, ConcurrentBag<string> answered)
    {
        var end = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var latencies = new List<double>[clients];
        var recorded = new int[replicas.Length];
        var (refused, failed) = (0, 0);
        await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
        {
            var mine = latencies[c] = new List<double>(100_000);
            var replica = c % replicas.Length;
            for (var n = 0; Stopwatch.GetTimestamp() < end; n++)
            {
                var text = $"{tag} client {c} note {n}";
                var started = Stopwatch.GetTimestamp();
                switch (await NoteAsync(replicas[replica], text, $"user{c}", null))
                {
                    case NoteOutcome.Recorded:
                        mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                        Interlocked.Increment(ref recorded[replica]);
                        answered.Add(text);
                        break;
                    case NoteOutcome.Refused:
                        Interlocked.Increment(ref refused);
                        break;
                    default:
                        Interlocked.Increment(ref failed);
                        await Task.Delay(10); // a failing replica is not hammered in a tight loop
                        break;
                }
            }
        })));
        return new NoteRound([.. latencies.SelectMany(l => l)], recorded, refused, failed);
    }
}
