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

    public static async Task<(BotProcess Bot, TimeSpan StartToReady)> StartAsync(string botDll, string database, int port, CancellationToken cancellationToken, params string[] settings)
    {
        var url = new Uri($"http://127.0.0.1:{port}");
        var info = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { botDll, "--urls", url.ToString().TrimEnd('/'), "--Storage:Sqlite:Path", database },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(botDll)!,
        };
        foreach (var setting in settings)
        {
            info.ArgumentList.Add(setting);
        }

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
