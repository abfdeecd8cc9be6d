using BenchmarkDotNet.Attributes;
using IncidentBot.Storage;
using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Incidents.Events;
using IncidentBot.Workflows.Lifecycle;
using IncidentBot.Workflows.Metrics;
using IncidentBot.Workflows.Postmortems;

namespace IncidentBot.Benchmarks;

/// <summary>
/// Issue 5's figures, through the real SQLite store as the API does it: the draft of an incident with
/// 10,000 timeline events (read, replay, build, render Markdown), and metrics over 10,000 incidents
/// (read the stored facts, compute).
/// </summary>
[MemoryDiagnoser]
public class PostmortemBenchmarks
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 22, 3, 0, 0, TimeSpan.Zero);
    private readonly PostmortemOptions _options = new() { Zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo") };
    private string _folder = "";
    private SqliteIncidentStore? _store;
    private IncidentId _big;

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    private async Task SetupAsync()
    {
        _folder = Directory.CreateTempSubdirectory("incidentbot-pm-").FullName;
        _store = new SqliteIncidentStore(Path.Combine(_folder, "bench.db"));
        await _store.InitializeAsync(CancellationToken.None);

        // One long incident: 10,000 events of every kind a busy war room writes.
        var opened = await _store.OpenAsync([new IncidentOpened { Actor = "alice", At = T0, Title = "orders db connection storm" }], null, null, CancellationToken.None);
        var state = Incident.Replay(opened[0].Incident, opened);
        _big = state.Id;
        var batch = new List<IncidentEvent>();
        for (var i = 1; batch.Count + state.Version < 10_000; i++)
        {
            var at = T0.AddSeconds(i);
            batch.Add((i % 10) switch
            {
                0 => new WorkClaimed { Actor = $"user{i % 7}", At = at, Claim = state.Claims.Count + batch.OfType<WorkClaimed>().Count() + 1, What = $"check shard {i}" },
                1 => new HypothesisRaised { Actor = $"user{i % 7}", At = at, Hypothesis = state.Hypotheses.Count + batch.OfType<HypothesisRaised>().Count() + 1, Text = $"hypothesis {i}" },
                _ => new NoteAdded { Actor = $"user{i % 7}", At = at, Text = $"observation {i}: see https://grafana.example.com/d/{i % 50}", OccurredAt = at },
            });
            if (batch.Count == 500)
            {
                await Append(state, batch);
                batch.Clear();
            }
        }

        await Append(state, batch);
        await Append(state, [new PhaseChanged { Actor = "alice", At = T0.AddHours(3), Trigger = Trigger.Declare, From = Phase.Detected, To = Phase.Triage }]);

        // 10,000 more incidents for the metrics.
        for (var i = 0; i < 10_000; i++)
        {
            var at = T0.AddMinutes(-i);
            await _store.OpenAsync(
                [
                    new IncidentOpened { Actor = "bot", At = at, Title = $"incident {i}", Severity = (Severity)(1 + (i % 4)), Source = i % 3 == 0 ? "person" : "alertmanager" },
                    new PhaseChanged { Actor = "alice", At = at.AddMinutes(i % 17), Trigger = Trigger.Declare, From = Phase.Detected, To = Phase.Triage },
                ],
                null,
                null,
                CancellationToken.None);
        }
    }

    private async Task Append(Incident state, List<IncidentEvent> events)
    {
        var before = (state.Version, state.LastEventId);
        var recorded = events.Select((e, n) => new RecordedEvent(state.Id, before.Version + 1 + n, Guid.CreateVersion7(), e)).ToList();
        foreach (var r in recorded)
        {
            state.Apply(r);
        }

        await _store!.AppendAsync(new Append(state.Id, before.Version, before.LastEventId, recorded, IncidentSummary.Of(state)), CancellationToken.None);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _store!.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark]
    public async Task<string> DraftOfIncidentWith10000Events()
    {
        var events = await _store!.ReadAsync(_big, 0, CancellationToken.None);
        var draft = PostmortemBuilder.Build(Incident.Replay(_big, events), events, T0.AddHours(4), _options);
        return PostmortemMarkdown.Render(draft);
    }

    [Benchmark]
    public async Task<IncidentMetricsReport> MetricsOver10000Incidents()
    {
        var stats = await _store!.StatsAsync(CancellationToken.None);
        return IncidentMetrics.Compute(stats, DateTimeOffset.UnixEpoch, T0.AddDays(1), T0.AddDays(1), _options);
    }
}
