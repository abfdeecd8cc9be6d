using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace IncidentBot.Tests.Support;

/// <summary>
/// A server from <c>tools/node</c> run by <c>node</c> on loopback for one test (the Agents Playground,
/// the OpenID provider): started, waited for until it prints that it listens, its output kept for a
/// failing test's message, and killed with its children on dispose.
/// </summary>
internal sealed class NodeServer : IDisposable
{
    private readonly Process _process;
    private readonly StringWriter _output = new();
    private bool _stopped;

    private NodeServer(Process process) => _process = process;

    /// <summary>What the server printed.</summary>
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

    /// <summary>Starts <c>node</c> with <paramref name="arguments"/> and waits (30 s at most) until it prints <paramref name="ready"/>.</summary>
    /// <param name="input">Whether the server gets a stdin pipe (the OpenID provider stops when it closes, so it dies with the test process).</param>
    public static async Task<NodeServer> StartAsync(string what, IEnumerable<string> arguments, string ready, IReadOnlyDictionary<string, string>? environment = null, bool input = false)
    {
        var start = new ProcessStartInfo("node") { RedirectStandardInput = input, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = NodeTools.Folder };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start: install Node.js 20 (apt-get install nodejs npm).");
        var server = new NodeServer(process);
        process.OutputDataReceived += (_, e) => server.Write(e.Data);
        process.ErrorDataReceived += (_, e) => server.Write(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await Eventually.HoldsAsync(() => server.Output.Contains(ready, StringComparison.Ordinal) || process.HasExited, $"the {what} to listen", 30);
        Assert.False(process.HasExited, $"The {what} exited: " + server.Output);
        return server;
    }

    /// <summary>A port free a moment ago (a process about to be started is told to listen on it).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

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
