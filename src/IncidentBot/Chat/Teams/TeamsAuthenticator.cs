using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace IncidentBot.Chat.Teams;

/// <summary>
/// Checks the Bot Connector's token on every inbound activity (protocols §B1): a Bearer JWT signed
/// with one of the Bot Framework's published keys (kept and refreshed by a configuration manager, so
/// no request waits on the network), issued by <c>https://api.botframework.com</c> for this app,
/// within its lifetime (five minutes of skew), by a key endorsed for the activity's channel, and
/// naming the activity's service URL. Anything else is refused with the reason.
/// </summary>
public sealed class TeamsAuthenticator
{
    public const string Issuer = "https://api.botframework.com";

    private static readonly TimeSpan Skew = TimeSpan.FromMinutes(5);

    private readonly TeamsOptions _options;
    private readonly ConfigurationManager<OpenIdConnectConfiguration> _metadata;
    private readonly JsonWebTokenHandler _handler = new();

    /// <summary>
    /// Tokens already checked, by their SHA-256 (never the token itself): Teams sends the same token
    /// for an hour, so its signature is checked once, and each activity only its channel and service URL.
    /// </summary>
    private readonly ConcurrentDictionary<string, Checked> _checked = new(StringComparer.Ordinal);

    private sealed record Checked(DateTime Until, string Kid, string? ServiceUrl);

    public TeamsAuthenticator(IOptions<TeamsOptions> options, IHttpClientFactory http)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(http);
        _options = options.Value;
        var retriever = new HttpDocumentRetriever(http.CreateClient("teams-auth")) { RequireHttps = _options.OpenIdMetadataUrl.Scheme == Uri.UriSchemeHttps };
        _metadata = new ConfigurationManager<OpenIdConnectConfiguration>(_options.OpenIdMetadataUrl.ToString(), new OpenIdConnectConfigurationRetriever(), retriever)
        {
            // The Bot Framework may add keys at any time; it asks for a refresh at least every 24 hours.
            AutomaticRefreshInterval = TimeSpan.FromHours(12),
        };
    }

    /// <summary>Why the activity's token is not good enough; null when it is.</summary>
    public async Task<TeamsRefusal?> ProblemAsync(string? authorization, string? channelId, string? serviceUrl, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(_options.AppId))
        {
            return new("not_configured", "Teams__AppId is not set, so no token can be checked");
        }

        if (authorization is null || !authorization.StartsWith("Bearer ", StringComparison.Ordinal) || authorization.Length <= 7)
        {
            return new("no_token", "no Bearer token");
        }

        var token = authorization[7..].Trim();
        var digest = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
        if (!_checked.TryGetValue(digest, out var seen) || seen.Until <= DateTime.UtcNow)
        {
            var result = await ValidateAsync(token, refreshed: false, cancellationToken);
            if (!result.IsValid)
            {
                return new("bad_token", "the token is not valid: " + Reason(result.Exception));
            }

            var jwt = (JsonWebToken)result.SecurityToken;
            seen = new Checked(jwt.ValidTo + Skew, jwt.Kid, jwt.TryGetPayloadValue<string>("serviceurl", out var url) ? url : null);
            if (_checked.Count >= 10_000)
            {
                _checked.Clear();
            }

            _checked[digest] = seen;
        }

        // Checked on every activity: keys can be withdrawn, and one token may not speak for another channel or service URL.
        var config = await _metadata.GetConfigurationAsync(cancellationToken);
        var key = config.JsonWebKeySet?.Keys.FirstOrDefault(k => k.Kid == seen.Kid);
        if (channelId is null || key is null || !Endorsements(key).Contains(channelId, StringComparer.OrdinalIgnoreCase))
        {
            return new("unendorsed_key", $"the key that signed it is not endorsed for channel '{channelId}'");
        }

        if (seen.ServiceUrl is not { } claimed || !string.Equals(claimed.TrimEnd('/'), serviceUrl?.TrimEnd('/'), StringComparison.OrdinalIgnoreCase))
        {
            return new("service_url_mismatch", "its serviceurl claim is not the activity's serviceUrl");
        }

        return null;
    }

    private async Task<TokenValidationResult> ValidateAsync(string token, bool refreshed, CancellationToken cancellationToken)
    {
        var config = await _metadata.GetConfigurationAsync(cancellationToken);
        var result = await _handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = Issuer,
            ValidAudience = _options.AppId,
            IssuerSigningKeys = config.SigningKeys,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512],
            ClockSkew = Skew,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
        });

        // A key the bot has not seen yet: the keys may have rolled over since they were read. Once.
        if (!refreshed && result.Exception is SecurityTokenSignatureKeyNotFoundException)
        {
            _metadata.RequestRefresh();
            return await ValidateAsync(token, refreshed: true, cancellationToken);
        }

        return result;
    }

    private static IEnumerable<string> Endorsements(JsonWebKey key) =>
        key.AdditionalData.TryGetValue("endorsements", out var value) ? value switch
        {
            JsonElement { ValueKind: JsonValueKind.Array } array => array.EnumerateArray().Select(e => e.ToString()),
            IEnumerable<object> list => list.Select(o => o.ToString() ?? ""),
            string one => [one],
            _ => [],
        } : [];

    private static string Reason(Exception? error) => error switch
    {
        SecurityTokenExpiredException => "it has expired",
        SecurityTokenNotYetValidException => "it is not valid yet",
        SecurityTokenInvalidIssuerException => "it was not issued by the Bot Framework",
        SecurityTokenInvalidAudienceException => "it is for another app (audience is not Teams__AppId)",
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "its signature does not match the Bot Framework's keys",
        SecurityTokenInvalidAlgorithmException => "it is signed with an algorithm the Bot Framework does not use",
        null => "unknown",
        _ => error.GetType().Name.Replace("SecurityToken", "", StringComparison.Ordinal).Replace("Exception", "", StringComparison.Ordinal),
    };
}
