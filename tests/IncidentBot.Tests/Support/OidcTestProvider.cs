using System.Globalization;

namespace IncidentBot.Tests.Support;

/// <summary>
/// A real OpenID provider (npm <c>oidc-provider</c>, run by <c>tools/node/oidc-test-provider.js</c>) on
/// loopback with one confidential client; its development login form takes any name and password.
/// Its issuer is <see cref="Issuer"/>; it is stopped on dispose (and stops by itself if the test process dies).
/// </summary>
internal sealed class OidcTestProvider : IDisposable
{
    private readonly NodeServer _server;

    private OidcTestProvider(NodeServer server, Uri issuer) => (_server, Issuer) = (server, issuer);

    public Uri Issuer { get; }

    /// <summary>What the provider printed, for a failing test's message.</summary>
    public string Output => _server.Output;

    public static async Task<OidcTestProvider> StartAsync(string clientId, string clientSecret, Uri redirectUri, Uri postLogoutRedirectUri)
    {
        var script = NodeTools.Path("oidc-test-provider.js");
        NodeTools.Path("node_modules/oidc-provider/package.json");
        var port = FreePort();
        var server = await NodeServer.StartAsync("OpenID provider",
            [script, port.ToString(CultureInfo.InvariantCulture), clientId, clientSecret, redirectUri.ToString(), postLogoutRedirectUri.ToString()],
            "oidc-test-provider ready at",
            input: true);
        return new OidcTestProvider(server, new Uri($"http://127.0.0.1:{port}"));
    }

    /// <summary>A port free a moment ago (a process about to be started is told to listen on it).</summary>
    public static int FreePort() => NodeServer.FreePort();

    public void Dispose() => _server.Dispose();
}
