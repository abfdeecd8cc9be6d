using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using IncidentBot.Runbooks;
using IncidentBot.Workflows.Runbooks;

namespace IncidentBot.Benchmarks;

/// <summary>Issue 4's figures: ranking 200 runbooks against an incident with 1,000 alerts; loading and checking 200 files.</summary>
[MemoryDiagnoser]
public class RunbookBenchmarks
{
    private string _folder = "";
    private RunbookLibrary _library = RunbookLibrary.Empty;
    private IncidentFacts _facts = new("", null, [], []);

    [GlobalSetup]
    public void Setup()
    {
        _folder = SyntheticLibrary.Create(200);
        _library = RunbookFiles.LoadAsync(_folder, CancellationToken.None).GetAwaiter().GetResult();
        if (_library.Runbooks.Count != 200 || _library.Problems.Count != 0)
        {
            throw new InvalidOperationException($"synthetic library: {_library.Runbooks.Count} runbooks, problems: {string.Join("; ", _library.Problems)}");
        }

        // An alert storm: 1,000 alerts, 50 alert names, labels over 40 services and 200 hosts.
        var names = new[] { "RDS-ConnectionAttempts-High", "KafkaUnderReplicatedPartitions", "RedisCacheNodeDown", "HighLatency", "5xxRate" };
        var alerts = Enumerable.Range(0, 1000).Select(i => new AlertFacts(
            $"{names[i % names.Length]}-{i % 10}",
            new Dictionary<string, string> { ["service"] = $"svc{i % 40}", ["instance"] = $"host-{i % 200}", ["severity"] = "critical" })).ToList();
        _facts = new IncidentFacts("orders db: too many connections and greeting packet errors", "lunch peak", ["rds-orders", "api"], alerts);
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_folder, recursive: true);

    [Benchmark]
    public IReadOnlyList<RunbookMatch> Rank200RunbooksAgainst1000Alerts() => RunbookMatcher.Rank(_library, _facts);

    [Benchmark]
    public Task<RunbookLibrary> LoadAndCheck200Files() => RunbookFiles.LoadAsync(_folder, CancellationToken.None);
}

/// <summary>The same load measured cold: the first call in a fresh process, as at start-up (parsers not yet jitted).</summary>
[SimpleJob(RunStrategy.ColdStart, launchCount: 5, warmupCount: 0, iterationCount: 1)]
public class RunbookColdStartBenchmarks
{
    private string _folder = "";

    [GlobalSetup]
    public void Setup() => _folder = SyntheticLibrary.Create(200);

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_folder, recursive: true);

    [Benchmark]
    public Task<RunbookLibrary> LoadAndCheck200FilesCold() => RunbookFiles.LoadAsync(_folder, CancellationToken.None);
}
