using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace IncidentBot.FakeTeams;

/// <summary>
/// The Bot Framework's signing side, made here: RSA keys published as a JWKS with their channel
/// endorsements, and Connector tokens minted with them. One key is endorsed for <c>msteams</c>, one for
/// another channel only, and one is never published (a forger's).
/// </summary>
public sealed class FakeTeamsKeys : IDisposable
{
    public const string Issuer = "https://api.botframework.com";
    public const string TeamsKey = "teams-key-1";
    public const string WebChatKey = "webchat-key-1";
    public const string ForgedKey = "forged-key";

    private readonly Dictionary<string, RSA> _keys = new(StringComparer.Ordinal)
    {
        [TeamsKey] = RSA.Create(2048),
        [WebChatKey] = RSA.Create(2048),
        [ForgedKey] = RSA.Create(2048),
    };

    private readonly JsonWebTokenHandler _handler = new();

    /// <summary>The published keys, as <c>login.botframework.com/v1/.well-known/keys</c> serves them.</summary>
    public JsonObject Jwks() => new()
    {
        ["keys"] = new JsonArray(Jwk(TeamsKey, "msteams", "emulator"), Jwk(WebChatKey, "webchat")),
    };

    /// <summary>
    /// A Connector token for <paramref name="serviceUrl"/>: by default valid, for <paramref name="audience"/>, signed
    /// with the Teams-endorsed key. Each argument can be turned wrong for the refusal tests.
    /// </summary>
    public string Mint(string audience, string? serviceUrl, string key = TeamsKey, string issuer = Issuer, DateTimeOffset? expires = null, DateTimeOffset? now = null)
    {
        var at = now ?? DateTimeOffset.UtcNow;
        var claims = new Dictionary<string, object>(StringComparer.Ordinal) { ["appid"] = "d6d49420-f39b-4df7-a1dc-d59a935871db" };
        if (serviceUrl is not null)
        {
            claims["serviceurl"] = serviceUrl;
        }

        var until = expires ?? at.AddHours(1);
        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = (until < at ? until.AddHours(-1) : at).UtcDateTime,
            NotBefore = (until < at ? until.AddHours(-1) : at).UtcDateTime,
            Expires = until.UtcDateTime,
            Claims = claims,
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(_keys[key]) { KeyId = key }, SecurityAlgorithms.RsaSha256),
        });
    }

    private JsonObject Jwk(string kid, params string[] endorsements)
    {
        var p = _keys[kid].ExportParameters(includePrivateParameters: false);
        return new JsonObject
        {
            ["kty"] = "RSA",
            ["use"] = "sig",
            ["kid"] = kid,
            ["n"] = Base64UrlEncoder.Encode(p.Modulus),
            ["e"] = Base64UrlEncoder.Encode(p.Exponent),
            ["endorsements"] = new JsonArray([.. endorsements.Select(e => (JsonNode)e)]),
        };
    }

    public void Dispose()
    {
        foreach (var key in _keys.Values)
        {
            key.Dispose();
        }
    }
}
