using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace IncidentBot.Tests.Support;

/// <summary>
/// Microsoft 365 Agents Playground (npm <c>@microsoft/m365agentsplayground</c>, from <c>tools/node</c>):
/// a real Teams client and connector on loopback, offline, talking to the bot's <c>/api/messages</c>.
/// Its web page is at <see cref="Url"/>; it is stopped on dispose.
/// </summary>
internal sealed class AgentsPlayground : IDisposable
{
    private readonly Process _process;
    private readonly StringWriter _output = new();

    private AgentsPlayground(Process process, Uri url) => (_process, Url) = (process, url);

    public Uri Url { get; }

    /// <summary>What the Playground printed, for a failing test's message.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static async Task<AgentsPlayground> StartAsync(Uri botEndpoint)
    {
        var cli = NodeTools.Path("node_modules/@microsoft/m365agentsplayground/cli.js");
        var port = FreePort();
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = NodeTools.Folder };
        foreach (var argument in new[] { cli, "-e", botEndpoint.ToString(), "-c", "msteams", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--disable-telemetry" })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["TEAMSAPPTESTER_BROWSER"] = "none"; // it would open a browser; the test brings its own
        var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        var playground = new AgentsPlayground(process, new Uri($"http://127.0.0.1:{port}/"));
        process.OutputDataReceived += (_, e) => playground.Write(e.Data);
        process.ErrorDataReceived += (_, e) => playground.Write(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await Eventually.HoldsAsync(() => playground.Output.Contains($"Listening on {port}", StringComparison.Ordinal) || process.HasExited, "the Agents Playground to listen", 30);
        Assert.False(process.HasExited, "The Agents Playground exited: " + playground.Output);
        return playground;
    }

    private bool _stopped;

    private void Write(string? line)
    {
        lock (_output)
        {
            if (!_stopped)
            {
                _output.WriteLine(line); // lines can still arrive while the process is being stopped
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }

        lock (_output)
        {
            _stopped = true;
            _output.Dispose();
        }

        _process.Dispose();
    }
}
