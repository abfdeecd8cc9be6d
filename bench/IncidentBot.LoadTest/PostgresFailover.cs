using System.Collections.Concurrent;
using System.Diagnostics;

namespace IncidentBot.LoadTest;

/// <summary>
/// Two replicas under load, clients spread over the load's incidents as before, one replica killed
/// with SIGKILL a third of the way in. Clients of the survivor should see no error at all; clients of
/// the killed one see their request fail, then do what a load balancer does: send the same request
/// (same room, same Idempotency-Key, so a note the dead replica committed before it could answer is
/// not recorded twice) to the survivor, and stay there. Reports
/// the survivor's clients' errors, the longest gap between successive successes on the survivor, the
/// killed replica's clients' failures, and, once the killed replica is started again, that every note
/// answered "ok" is in the timeline exactly once and both replicas serve the same state.
/// </summary>
internal static class PostgresFailover
{
    public static async Task<bool> RunAsync(string botDll, string database, List<BotProcess> bots, NoteSpread spread, int clients, int seconds, ConcurrentBag<(int Room, string Text)> answered)
    {
        const int Survivor = 0, Victim = 1;
        var https = bots.Select(b => NoteLoad.Client(b.Url, clients, TimeSpan.FromSeconds(10))).ToArray();
        var successes = new List<(long At, int By)>[clients];
        var failed = new int[2];
        var refused = new int[2];
        var refusedAfterKill = new int[2];
        var killedAt = long.MaxValue;
        var movedOver = 0;
        var origin = Stopwatch.GetTimestamp();
        var end = origin + seconds * Stopwatch.Frequency;
        var load = Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
        {
            var mine = successes[c] = new List<(long, int)>(100_000);
            var (own, room) = (spread.ReplicaOf(c), spread.RoomOf(c));
            var target = own;
            for (var n = 0; Stopwatch.GetTimestamp() < end; n++)
            {
                var (text, key, user) = ($"failover client {c} note {n}", $"failover-{c}-{n}", $"user{c}");
                var sentAfterKill = Stopwatch.GetTimestamp() > Volatile.Read(ref killedAt);
                var outcome = await NoteLoad.NoteAsync(https[target], spread.Channel(room), text, user, key);
                if (outcome == NoteOutcome.Failed && target == Victim)
                {
                    // What a balancer does when an upstream dies: the same request again, to the one left.
                    Interlocked.Increment(ref failed[Victim]);
                    Interlocked.Increment(ref movedOver);
                    target = Survivor;
                    outcome = await NoteLoad.NoteAsync(https[target], spread.Channel(room), text, user, key);
                }

                switch (outcome)
                {
                    case NoteOutcome.Recorded:
                        mine.Add((Stopwatch.GetTimestamp(), target));
                        answered.Add((room, text));
                        break;
                    case NoteOutcome.Refused:
                        // Refused: the incident changed under it too often (the replicas' race); those sent after the kill counted apart.
                        Interlocked.Increment(ref refused[own]);
                        if (sentAfterKill)
                        {
                            Interlocked.Increment(ref refusedAfterKill[own]);
                        }

                        break;
                    default:
                        Interlocked.Increment(ref failed[own]);
                        await Task.Delay(10);
                        break;
                }
            }
        })));

        await Task.Delay(TimeSpan.FromSeconds(seconds / 3.0));
        Volatile.Write(ref killedAt, Stopwatch.GetTimestamp());
        bots[Victim].Kill();
        await load;
        foreach (var http in https)
        {
            http.Dispose();
        }

        double Seconds(long at) => (at - origin) / (double)Stopwatch.Frequency;
        var all = successes.SelectMany(s => s).ToList();
        var before = all.Count(s => s.At < killedAt);
        var after = all.Count - before;
        Console.WriteLine($"failover: replica 2 (pid {bots[Victim].Pid}) killed with SIGKILL at +{Seconds(killedAt):F1} s of {seconds} s; {before / Seconds(killedAt):F0} commands/s before over both, {after / (seconds - Seconds(killedAt)):F0} commands/s after on the survivor");

        // The survivor's own clients: every one of their successes, in time order, and the widest gap between two.
        var survivors = successes.Where((_, c) => spread.ReplicaOf(c) == Survivor).SelectMany(s => s).Select(s => s.At).Order().ToList();
        var (gap, gapEnd) = (0L, 0L);
        for (var i = 1; i < survivors.Count; i++)
        {
            if (survivors[i] - survivors[i - 1] > gap)
            {
                (gap, gapEnd) = (survivors[i] - survivors[i - 1], survivors[i]);
            }
        }

        Console.WriteLine($"failover: the survivor's {clients / 2} clients: {survivors.Count} recorded, {failed[Survivor]} failed, {refused[Survivor]} refused ({refusedAfterKill[Survivor]} of them sent after the kill); longest gap between successive successes {gap * 1000.0 / Stopwatch.Frequency:F1} ms (ending at +{Seconds(gapEnd):F2} s)");
        var takenOver = successes.Where((_, c) => spread.ReplicaOf(c) == Victim).SelectMany(s => s).Count(s => s.By == Survivor);
        Console.WriteLine($"failover: the killed replica's {clients / 2} clients: {movedOver} requests failed on the killed replica (each sent again to the survivor), {failed[Victim] - movedOver} failed on the survivor after, {refused[Victim]} refused ({refusedAfterKill[Victim]} of them sent after the kill); {takenOver} recorded through the survivor after moving over");

        var port = bots[Victim].Url.Port;
        bots[Victim].Dispose();
        var (restarted, ready) = await BotProcess.StartOnPostgresAsync(botDll, database, port, CancellationToken.None);
        bots[Victim] = restarted;
        Console.WriteLine($"failover: replica 2 started again (pid {restarted.Pid}): /readyz 200 in {ready.TotalMilliseconds:F0} ms");
        var agree = await TimelineCheck.ReplicasAgreeAsync(bots, spread, answered, "after failover");
        // Refusals are the replicas' race on an incident, reported above; the kill itself must cost the survivor's clients nothing.
        return agree && failed[Survivor] == 0 && refusedAfterKill[Survivor] == 0;
    }
}
