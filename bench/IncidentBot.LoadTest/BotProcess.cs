using System.Diagnostics;
using System.Globalization;

namespace IncidentBot.LoadTest;

/// <summary>The bot as a real process on a loopback port, started from its published build.</summary>
internal sealed class BotProcess : IDisposable
{
    private readonly Process _process;

    private BotProcess(Process process, Uri url)
    {
        _process = process;
        Url = url;
    }

    public Uri Url { get; }
    public int Pid => _process.Id;

    /// <summary>On its own SQLite file at <paramref name="database"/>; <paramref name="settings"/> are more command-line settings.</summary>
    public static Task<(BotProcess Bot, TimeSpan StartToReady)> StartAsync(string botDll, string database, int port, CancellationToken cancellationToken, params string[] settings)
    {
        var info = Info(botDll, port);
        info.ArgumentList.Add("--Storage:Sqlite:Path");
        info.ArgumentList.Add(database);
        foreach (var setting in settings)
        {
            info.ArgumentList.Add(setting);
        }

        return StartAsync(info, port, cancellationToken);
    }

    /// <summary>
    /// As a replica on the shared PostgreSQL database at <paramref name="connectionString"/>. Given in the
    /// environment, as a container would be, so whatever the caller's shell exports does not leak in.
    /// </summary>
    public static Task<(BotProcess Bot, TimeSpan StartToReady)> StartOnPostgresAsync(string botDll, string connectionString, int port, CancellationToken cancellationToken)
    {
        var info = Info(botDll, port);
        info.Environment["Storage__Provider"] = "Postgres";
        info.Environment["ConnectionStrings__Postgres"] = connectionString;
        return StartAsync(info, port, cancellationToken);
    }

    private static ProcessStartInfo Info(string botDll, int port) => new("dotnet")
    {
        ArgumentList = { botDll, "--urls", $"http://127.0.0.1:{port}" },
        RedirectStandardOutput = true,
        RedirectStandardError = true,
        WorkingDirectory = Path.GetDirectoryName(botDll)!,
    };

    private static async Task<(BotProcess Bot, TimeSpan StartToReady)> StartAsync(ProcessStartInfo info, int port, CancellationToken cancellationToken)
    {
        var url = new Uri($"http://127.0.0.1:{port}");
        var clock = Stopwatch.StartNew();
        var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("bot: " + e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(1) };
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (process.HasExited)
            {
                // Another bot on the port would answer /readyz in its place: never measure that one.
                throw new InvalidOperationException($"The bot exited at start with code {process.ExitCode} (is port {port} taken by an earlier run?).");
            }

            try
            {
                using var response = await http.GetAsync(new Uri("/readyz", UriKind.Relative), cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return (new BotProcess(process, url), clock.Elapsed);
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // not answering yet
            }

            await Task.Delay(10, cancellationToken);
        }

        process.Kill(entireProcessTree: true);
        throw new TimeoutException("The bot was not ready within 30 s.");
    }

    /// <summary>Resident memory from /proc, in MiB: what the machine really gives the process.</summary>
    public double WorkingSetMiB()
    {
        foreach (var line in File.ReadLines($"/proc/{Pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
            }
        }

        throw new InvalidOperationException("no VmRSS");
    }

    /// <summary>SIGKILL: no shutdown hooks, no flush. What is committed must survive this.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Kill();
        }

        _process.Dispose();
    }
}
