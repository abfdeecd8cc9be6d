using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/IncidentBot.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(IncidentBot.Benchmarks.RunbookBenchmarks).Assembly).Run(args);
