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

/// <summary>One round's figures: latencies of recorded notes, how many each replica and each room recorded, refused and failed.</summary>
internal sealed record NoteRound(List<double> Latencies, int[] Recorded, int[] RecordedPerRoom, int Refused, int Failed);

/// <summary>
/// <c>/incident note ...</c> in web war rooms from many clients spread over rooms and replicas as
/// <see cref="NoteSpread"/> says: a client always talks to the same replica, in the same room.
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
    public static async Task<NoteOutcome> NoteAsync(HttpClient http, string channel, string text, string user, string? idempotencyKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/commands", UriKind.Relative))
        {
            Content = JsonContent.Create(new { text = "/incident note " + text, user, channel }),
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

    /// <summary>Every client notes as fast as it is answered for <paramref name="duration"/>; recorded notes go to <paramref name="answered"/> with their room.</summary>
    public static async Task<NoteRound> DriveAsync(HttpClient[] replicas, NoteSpread spread, int clients, TimeSpan duration, string tag, ConcurrentBag<(int Room, string Text)> answered)
    {
        var end = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var latencies = new List<double>[clients];
        var recorded = new int[replicas.Length];
        var perRoom = new int[spread.Incidents];
        var (refused, failed) = (0, 0);
        await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
        {
            var mine = latencies[c] = new List<double>(100_000);
            var (replica, room) = (spread.ReplicaOf(c), spread.RoomOf(c));
            for (var n = 0; Stopwatch.GetTimestamp() < end; n++)
            {
                var text = $"{tag} client {c} note {n}";
                var started = Stopwatch.GetTimestamp();
                switch (await NoteAsync(replicas[replica], spread.Channel(room), text, $"user{c}", null))
                {
                    case NoteOutcome.Recorded:
                        mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                        Interlocked.Increment(ref recorded[replica]);
                        Interlocked.Increment(ref perRoom[room]);
                        answered.Add((room, text));
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
        return new NoteRound([.. latencies.SelectMany(l => l)], recorded, perRoom, refused, failed);
    }
}
