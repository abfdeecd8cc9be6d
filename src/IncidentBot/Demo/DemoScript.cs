using System.Globalization;
using IncidentBot.Runbooks;
using IncidentBot.Storage;
using IncidentBot.Workflows.Chat;
using IncidentBot.Workflows.Commands;
using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Verification;

namespace IncidentBot.Demo;

/// <summary>
/// <c>dotnet run --project src/IncidentBot -- demo</c>: a lunch-peak database connection storm
/// (modelled on seed 004) played through the whole lifecycle on the real command path and a
/// throwaway SQLite file, printing the conversation and the timeline.
/// </summary>
internal static class DemoScript
{
    private static readonly (string Time, string User, string Text)[] Script =
    [
        ("12:22", "alice", "/incident start sev2 Manga API: database connections failing at the lunch peak"),
        ("12:23", "alice", "/incident role commander me"),
        ("12:23", "bob", "/incident role investigator me"),
        ("12:24", "alice", "/incident impact \"Episode pages answer 503 for about a third of readers\" --from 12:21"),
        ("12:24", "alice", "/incident detected-by monitoring the 5xx alarm on the Manga API"),
        ("12:24", "alice", "/incident services manga-api, rds-main, memcached"),
        ("12:25", "alice", "/incident recover"),
        ("12:25", "alice", "/incident runbook db-connection-storm"),
        ("12:26", "dave", "/incident step done dave is saving metrics and process lists"),
        ("12:25", "bob", "/incident claim check RDS ConnectionAttempts and CPU"),
        ("12:26", "carol", "/incident claim Check rds connection-attempts and cpu"),
        ("12:26", "carol", "/incident claim check memcached CPU and evictions"),
        ("12:27", "carol", "/incident hypothesis memcached saturation pushes reads onto the database"),
        ("12:28", "bob", "/incident hypothesis a storm of new connections on the writer"),
        ("12:30", "carol", "/incident done #2 memcached CPU back under 60% since 12:28, yet DB errors continue"),
        ("12:31", "carol", "/incident hypothesis rule-out #1 database errors continue while memcached is healthy"),
        ("12:33", "bob", "/incident done #1 ConnectionAttempts at 4x normal on the writer while open connections stay low"),
        ("12:33", "bob", "/incident step done #2 ConnectionAttempts 4x normal, connections far below the ceiling"),
        ("12:34", "bob", "/incident step skip #3 connections are not at the ceiling: a storm, not a leak"),
        ("12:34", "bob", "/incident step skip #4 no single client to shed"),
        ("12:34", "bob", "/incident hypothesis confirm #2 every burst of 'greeting packet' errors matches a ConnectionAttempts spike"),
        ("12:35", "alice", "/incident note --at 12:20 Episode 2 went live; traffic began to climb"),
        ("12:36", "bob", "/incident verified"),
        ("12:39", "alice", "/incident step done #5 read pool now on the reader endpoint"),
        ("12:40", "alice", "/incident mitigated routed read-only queries to the reader endpoint"),
        ("12:41", "cloudwatch", "#1 1200 1150 1100 900 700 650 640 655 660 650"),
        ("12:45", "cloudwatch", "#2 55 52 50 48 47 45 88 91 62 58"),
        ("12:45", "bob", "/incident verified"),
        ("12:45", "bob", "/incident verify-failed greeting-packet errors again at 12:44 from the batch workers"),
        ("12:50", "alice", "/incident mitigated batch workers moved to the reader endpoint as well"),
        ("13:01", "cloudwatch", "#1 640 610 600 590 580 575 570 560 565 570"),
        ("13:01", "cloudwatch", "#2 48 45 44 42 40 41 39 38 40 41"),
        ("13:05", "bob", "/incident verified error rate at baseline for 15 minutes"),
        ("13:06", "alice", "/incident impact --to 12:50"),
        ("13:08", "alice", "/incident postmortem"),
        ("13:09", "alice", "/incident action \"alarm on RDS ConnectionAttempts, not only connections\" @bob due 2021-03-01"),
        ("13:09", "alice", "/incident action \"move batch workers to the reader endpoint for good\" @carol due 2021-02-26"),
        ("13:10", "alice", "/incident close"),
        ("13:10", "alice", "/incident reviewer @carol"),
        ("13:15", "alice", "/incident postmortem write summary Episode 2's launch drew a lunch-peak surge; new database connections stormed the writer and a third of readers got 503s for half an hour."),
        ("13:16", "bob", "/incident postmortem write root-cause Every request opened its own connection to the writer, so a traffic surge became a connection storm; nothing pooled or spread the reads."),
        ("13:17", "bob", "/incident postmortem write trigger Episode 2 went live at 12:20 during the lunch peak."),
        ("13:18", "alice", "/incident postmortem write detection The 5xx alarm fired within a minute; no alarm watched ConnectionAttempts, so the cause took ten minutes to see."),
        ("13:19", "bob", "/incident postmortem write went-well Claims kept two people from checking the same metric; memcached was ruled out with evidence in four minutes."),
        ("13:20", "bob", "/incident postmortem write went-badly The first mitigation missed the batch workers, so verification failed once."),
        ("13:21", "alice", "/incident postmortem write lucky The reader endpoint had headroom for every read query."),
        ("13:22", "alice", "/incident postmortem review"),
        ("13:40", "carol", "/incident postmortem approve"),
        ("13:45", "alice", "/incident postmortem publish"),
        ("13:45", "alice", "/incident close"),
        ("13:46", "alice", "/incident timeline"),
    ];

    public static async Task<int> RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");
        var day = new DateTime(2021, 2, 19);
        var clock = new ScriptedClock(new DateTimeOffset(day, zone.GetUtcOffset(day)));
        var path = Path.Combine(Path.GetTempPath(), $"incidentbot-demo-{Guid.NewGuid():N}.db");
        try
        {
            await using var store = new SqliteIncidentStore(path);
            await store.InitializeAsync(cancellationToken);
            var runbooks = await RunbookFiles.LoadAsync(RunbookFiles.DefaultPath, cancellationToken);
            var dispatcher = new CommandDispatcher(store, clock, zone, [], runbooks);
            await output.WriteLineAsync("IncidentBot demo: a database connection storm at the Friday lunch peak (times in Asia/Tokyo).\n");
            foreach (var (time, user, text) in Script)
            {
                var clockTime = TimeSpan.Parse(time, CultureInfo.InvariantCulture);
                clock.Now = new DateTimeOffset(day + clockTime, zone.GetUtcOffset(day));
                if (user == "cloudwatch")
                {
                    await output.WriteLineAsync($"{time} (CloudWatch, check {text})");
                    await output.WriteLineAsync(Render(await ReadAsync(dispatcher, text, clock.Now, cancellationToken)));
                    continue;
                }

                await output.WriteLineAsync($"{time} @{user}> {text}");
                var reply = await dispatcher.HandleAsync(new CommandRequest(text, user, RoomAddress.Local("demo-war-room")), cancellationToken);
                await output.WriteLineAsync(Render(reply));
            }

            // The links above point into this run's own store, which is gone when it ends: say so, and how to get one that stays.
            await output.WriteLineAsync(Ending);
            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var file in new[] { path, path + "-wal", path + "-shm" })
            {
                File.Delete(file);
            }
        }
    }

    private const string Ending = """

        That incident lived in a temporary store and is gone now (the links above pointed into it).
        To see the same incident in a running bot: start it with `dotnet run --project src/IncidentBot`,
        open http://localhost:5080 and type the commands above, or post each one to the API:
          curl -s localhost:5080/api/commands -H 'Content-Type: application/json' -d '{"text": "/incident start sev2 db connections failing", "user": "alice"}'
        """;

    /// <summary>
    /// What the metric watcher would read from CloudWatch: <c>#1 640 610 …</c> is check 1's datapoints,
    /// a minute apart, ending now, judged by the real rules.
    /// </summary>
    private static async Task<BotMessage> ReadAsync(CommandDispatcher dispatcher, string text, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var words = text.Split(' ');
        var check = int.Parse(words[0].TrimStart('#'), CultureInfo.InvariantCulture);
        var values = words.Skip(1).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToList();
        var points = values.Select((v, i) => new MetricPoint(now - TimeSpan.FromMinutes(values.Count - 1 - i), v)).ToList();
        var id = new IncidentId(1);
        return await dispatcher.RecordAsync(id, null, state =>
        {
            var (outcome, detail) = CheckEvaluation.Evaluate(state.Check(check)!.Condition, points, now, TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo"));
            return VerificationDecider.Reading(state, check, outcome, detail, points, now, TimeSpan.FromMinutes(30));
        }, cancellationToken);
    }

    private static string Render(BotMessage reply)
    {
        var who = reply.Visibility == MessageVisibility.Ephemeral ? "bot (only you)" : "bot";
        var lines = new List<string>();
        if (reply.Header is not null && reply.Ok)
        {
            lines.Add($"  [{reply.Header}]");
        }

        lines.Add($"  {who}: {(reply.Ok ? "" : "✗ ")}{reply.Text.Replace("\n", "\n    ", StringComparison.Ordinal)}");
        lines.AddRange(reply.Context.Select(c => $"  · {c}"));
        if (!reply.Ok)
        {
            lines.AddRange(reply.Buttons.Select(b => $"  → {b.Command}"));
        }

        return string.Join('\n', lines) + "\n";
    }
}
