using System.Globalization;

namespace IncidentBot.Tests.Support;

/// <summary>
/// Microsoft 365 Agents Playground (npm <c>@microsoft/m365agentsplayground</c>, from <c>tools/node</c>):
/// a real Teams client and connector on loopback, offline, talking to the bot's <c>/api/messages</c>.
/// Its web page is at <see cref="Url"/>; it is stopped on dispose.
/// </summary>
internal sealed class AgentsPlayground : IDisposable
{
    private readonly NodeServer _server;

    private AgentsPlayground(NodeServer server, Uri url) => (_server, Url) = (server, url);

    public Uri Url { get; }

    /// <summary>What the Playground printed, for a failing test's message.</summary>
    public string Output => _server.Output;

    public static async Task<AgentsPlayground> StartAsync(Uri botEndpoint)
    {
        var cli = NodeTools.Path("node_modules/@microsoft/m365agentsplayground/cli.js");
        var port = NodeServer.FreePort();
        var server = await NodeServer.StartAsync("Agents Playground",
            [cli, "-e", botEndpoint.ToString(), "-c", "msteams", "-p", port.ToString(CultureInfo.InvariantCulture), "--disable-telemetry"],
            $"Listening on {port}",
            new Dictionary<string, string> { ["TEAMSAPPTESTER_BROWSER"] = "none" }); // it would open a browser; the test brings its own
        return new AgentsPlayground(server, new Uri($"http://127.0.0.1:{port}/"));
    }

    public void Dispose() => _server.Dispose();
}
