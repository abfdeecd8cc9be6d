using Microsoft.Extensions.Options;
using Microsoft.Identity.Client;

namespace IncidentBot.Chat.Teams;

/// <summary>
/// The bot's own tokens (protocols §B2), from MSAL with client credentials: for the Bot Connector and
/// for Graph. MSAL keeps them and asks again before they expire, so most calls never leave the process.
/// </summary>
public sealed class TeamsTokens
{
    public const string ConnectorScope = "https://api.botframework.com/.default";
    public const string GraphScope = "https://graph.microsoft.com/.default";

    private readonly IConfidentialClientApplication? _app;

    public TeamsTokens(IOptions<TeamsOptions> options, IHttpClientFactory http)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(http);
        var o = options.Value;
        if (string.IsNullOrEmpty(o.AppId) || string.IsNullOrEmpty(o.AppPassword))
        {
            return; // the bot cannot call Teams; every call says why
        }

        _app = ConfidentialClientApplicationBuilder.Create(o.AppId)
            .WithClientSecret(o.AppPassword)
            .WithAuthority($"https://login.microsoftonline.com/{o.TenantId ?? "botframework.com"}")
            .WithInstanceDiscovery(false)
            .WithHttpClientFactory(new Factory(http.CreateClient("teams-login")))
            .Build();
    }

    /// <summary>A token for <paramref name="scope"/>; throws <see cref="TeamsApiException"/> saying what to fix when there is none.</summary>
    public async Task<string> TokenAsync(string scope, CancellationToken cancellationToken)
    {
        if (_app is null)
        {
            throw new TeamsApiException("token", "not_configured", "Teams__AppPassword is not set: the bot cannot sign in to post in Teams.", retryAfter: null, transient: false);
        }

        try
        {
            return (await _app.AcquireTokenForClient([scope]).ExecuteAsync(cancellationToken)).AccessToken;
        }
        catch (MsalServiceException ex) when (ex.StatusCode is 400 or 401)
        {
            throw new TeamsApiException("token", ex.ErrorCode, "Signing in to Microsoft failed: check Teams__AppId, Teams__AppPassword (not expired?) and Teams__TenantId.", retryAfter: null, transient: false, ex);
        }
        catch (MsalException ex)
        {
            throw new TeamsApiException("token", ex.ErrorCode, "Signing in to Microsoft failed for now; the bot retries.", retryAfter: null, transient: true, ex);
        }
    }

    /// <summary>MSAL's HTTP client: the one configured for login (sent to Teams__LoginUrl in the tests).</summary>
    private sealed class Factory(HttpClient client) : IMsalHttpClientFactory
    {
        public HttpClient GetHttpClient() => client;
    }
}
