using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace IncidentBot.Tests.Support;

/// <summary>
/// A real OpenID provider (npm <c>oidc-provider</c>, run by <c>tools/node/oidc-test-provider.js</c>) on
/// loopback with one confidential client; its development login form takes any name and password.
/// Its issuer is <see cref="Issuer"/>; it is stopped on dispose (and stops by itself if the test process dies).
/// </summary>
internal sealed class OidcTestProvider : IDisposable
{
    private readonly Process _process;
    private readonly StringWriter _output = new();
    private bool _stopped;

    private OidcTestProvider(Process process, Uri issuer) => (_process, Issuer) = (process, issuer);

    public Uri Issuer { get; }

    /// <summary>What the provider printed, for a failing test's message.</summary>
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

    public static async Task<OidcTestProvider> StartAsync(string clientId, string clientSecret, Uri redirectUri, Uri postLogoutRedirectUri)
    {
        var script = NodeTools.Path("oidc-test-provider.js");
        NodeTools.Path("node_modules/oidc-provider/package.json");
        var port = FreePort();
        var start = new ProcessStartInfo("node") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = NodeTools.Folder };
        foreach (var argument in new[] { script, port.ToString(CultureInfo.InvariantCulture), clientId, clientSecret, redirectUri.ToString(), postLogoutRedirectUri.ToString() })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start: install Node.js 20 (apt-get install nodejs npm).");
        var provider = new OidcTestProvider(process, new Uri($"http://127.0.0.1:{port}"));
        process.OutputDataReceived += (_, e) => provider.Write(e.Data);
        process.ErrorDataReceived += (_, e) => provider.Write(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await Eventually.HoldsAsync(() => provider.Output.Contains("oidc-test-provider ready at", StringComparison.Ordinal) || process.HasExited, "the OpenID provider to listen", 30);
        Assert.False(process.HasExited, "The OpenID provider exited: " + provider.Output);
        return provider;
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
