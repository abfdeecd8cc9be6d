using System.Collections.Concurrent;
using System.Globalization;
using Npgsql;

using static IncidentBot.LoadTest.Figures;

namespace IncidentBot.LoadTest;

/// <summary>
/// Issue 12's figures: one or two replicas of the published bot, as real processes on loopback ports,
/// on one fresh database of the PostgreSQL server named by <c>ConnectionStrings__Postgres</c>; the
/// clients note on one incident (the adversarial case: two replicas race for it) or on N, each in its
/// own web room, spread over rooms and replicas as <see cref="NoteSpread"/> says:
///   1. commands/s in total, latency percentiles, errors, and where the CPU went, per round;
///   2. every note answered "ok" is in its incident's timeline exactly once, and every replica serves the same state;
///   3. with two replicas, kill -9 one under load, same spread (see <see cref="PostgresFailover"/>).
/// </summary>
internal static class PostgresLoad
{
    public const int FirstPort = 5480;
    private const string LocalServer = "Host=127.0.0.1;Port=55432;Username=postgres;Database=postgres";

    // Under this load on two cores the bot's JIT takes 20-25 s to tier its hot paths up: after 3 s, one
    // replica on one incident made 1,466 / 2,377 commands/s, then 2,747-3,359 from the third round of 10 s
    // on; with DOTNET_TieredCompilation=0 the rounds were flat from the first. The rounds measure the warmed bot.
    // Two replicas share the same two cores, so each gets half the CPU to tier up in: after 20 s, two
    // replicas on one incident still climbed 3,226 → 4,524 → 4,929 commands/s over three rounds. Each
    // replica gets its own 20 s.
    private const int WarmUpSecondsPerReplica = 20;

    public static async Task<int> RunAsync(string botDll, int replicas, int clients, int seconds, int rounds, int incidents)
    {
        if (replicas is < 1 or > 2 || incidents < 1 || clients < incidents * replicas)
        {
            Console.Error.WriteLine("postgres [replicas: 1 or 2] [clients] [seconds] [rounds] [incidents: 1 or more, at most clients / replicas]");
            return 2;
        }

        var server = Environment.GetEnvironmentVariable("ConnectionStrings__Postgres") is { Length: > 0 } given ? given : LocalServer;
        var name = $"incidentbot_load_{DateTime.UtcNow:yyyyMMdd_HHmmss}_{Environment.ProcessId}";
        var database = await CreateDatabaseAsync(server, name);
        var bots = new List<BotProcess>();
        var ok = false;
        try
        {
            for (var r = 0; r < replicas; r++)
            {
                var (bot, ready) = await BotProcess.StartOnPostgresAsync(botDll, database, FirstPort + r, CancellationToken.None);
                bots.Add(bot);
                Console.WriteLine($"replica {r + 1} (pid {bot.Pid}) on {bot.Url}: start → /readyz 200 in {ready.TotalMilliseconds:F0} ms");
            }

            ok = await MeasureAsync(botDll, database, bots, clients, seconds, rounds, incidents);
        }
        finally
        {
            foreach (var bot in bots)
            {
                bot.Dispose();
            }

            // Dropped, so runs do not fill the server's disk; kept to look at when a check failed and INCIDENTBOT_LOAD_KEEP_DATABASE is set.
            if (ok || Environment.GetEnvironmentVariable("INCIDENTBOT_LOAD_KEEP_DATABASE") is null)
            {
                await ExecuteAsync(server, $"DROP DATABASE {name} WITH (FORCE)");
            }
            else
            {
                Console.WriteLine($"database {name} kept for a look");
            }
        }

        return ok ? 0 : 1;
    }

    private static async Task<bool> MeasureAsync(string botDll, string database, List<BotProcess> bots, int clients, int seconds, int rounds, int incidents)
    {
        var https = bots.Select(b => NoteLoad.Client(b.Url, clients, TimeSpan.FromSeconds(10))).ToArray();
        try
        {
            var spread = await NoteSpread.OpenAsync(https, incidents);
            Console.WriteLine(spread.Describe(clients));
            var answered = new ConcurrentBag<(int Room, string Text)>();
            var warmUpSeconds = WarmUpSecondsPerReplica * bots.Count;
            var warm = await NoteLoad.DriveAsync(https, spread, clients, TimeSpan.FromSeconds(warmUpSeconds), "warmup", answered);
            Console.WriteLine($"warm-up {warmUpSeconds} s: {warm.Latencies.Count / (double)warmUpSeconds:F0} commands/s ({warm.Latencies.Count} notes recorded: {string.Join(" / ", warm.Recorded)}), {warm.Refused} refused, {warm.Failed} failed");
            var results = new List<(double PerSecond, double P50, double P99)>();
            var pids = bots.Select(b => b.Pid).ToArray();
            for (var round = 1; round <= rounds; round++)
            {
                var before = CpuSample.Take(pids);
                var r = await NoteLoad.DriveAsync(https, spread, clients, TimeSpan.FromSeconds(seconds), $"r{round}", answered);
                var cpu = CpuSample.Take(pids).Since(before);
                r.Latencies.Sort();
                var perSecond = r.Latencies.Count / (double)seconds;
                results.Add((perSecond, Percentile(r.Latencies, 0.50), Percentile(r.Latencies, 0.99)));
                var max = r.Latencies.Count == 0 ? double.NaN : r.Latencies[^1];
                Console.WriteLine($"round {round}: {perSecond:F0} commands/s, p50 {Percentile(r.Latencies, 0.50):F2} ms, p99 {Percentile(r.Latencies, 0.99):F2} ms, max {max:F1} ms ({r.Latencies.Count} commands, {clients} clients over {bots.Count} replica(s): {string.Join(" / ", r.Recorded)}{PerIncident(r)}; errors: {r.Failed} failed, {r.Refused} refused)");
                Console.WriteLine("  " + cpu);
            }

            Console.WriteLine($"median of rounds: {Median(results.Select(r => r.PerSecond)):F0} commands/s, p50 {Median(results.Select(r => r.P50)):F2} ms, p99 {Median(results.Select(r => r.P99)):F2} ms ({bots.Count} replica(s), {clients} clients, {incidents} incident(s))");
            var ok = await TimelineCheck.ReplicasAgreeAsync(bots, spread, answered, "load");
            if (bots.Count < 2)
            {
                Console.WriteLine("failover: needs two replicas (`postgres 2`)");
                return ok;
            }

            return await PostgresFailover.RunAsync(botDll, database, bots, spread, clients, seconds, answered) && ok;
        }
        finally
        {
            foreach (var http in https)
            {
                http.Dispose();
            }
        }
    }

    /// <summary>With several incidents, the fewest and most any one recorded: how evenly the rooms were served.</summary>
    private static string PerIncident(NoteRound round) =>
        round.RecordedPerRoom.Length < 2 ? "" : $"; per incident {round.RecordedPerRoom.Min()}–{round.RecordedPerRoom.Max()}";

    /// <summary>A fresh database beside the server's default one; its connection string, and the server's durability settings said.</summary>
    private static async Task<string> CreateDatabaseAsync(string server, string name)
    {
        await ExecuteAsync(server, $"CREATE DATABASE {name}");
        await using var source = NpgsqlDataSource.Create(server);
        await using var settings = source.CreateCommand("SELECT current_setting('server_version'), current_setting('fsync'), current_setting('synchronous_commit'), current_setting('max_connections')");
        await using var reader = await settings.ExecuteReaderAsync();
        await reader.ReadAsync();
        var database = new NpgsqlConnectionStringBuilder(server) { Database = name };
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"database {name} on PostgreSQL {reader.GetString(0)} at {database.Host}:{database.Port} (fsync={reader.GetString(1)}, synchronous_commit={reader.GetString(2)}, max_connections={reader.GetString(3)})"));
        return database.ConnectionString;
    }

    /// <summary>DDL on the server's default database; <paramref name="sql"/> names a database this script made up, never input.</summary>
    private static async Task ExecuteAsync(string server, string sql)
    {
        await using var source = NpgsqlDataSource.Create(server);
#pragma warning disable CA2100 // CREATE/DROP DATABASE take no parameters; the name is this script's own (letters, digits, underscores).
        await using var command = source.CreateCommand(sql);
#pragma warning restore CA2100
        await command.ExecuteNonQueryAsync();
    }
}
