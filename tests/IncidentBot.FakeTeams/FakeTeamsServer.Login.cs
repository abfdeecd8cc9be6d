using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace IncidentBot.FakeTeams;

/// <summary>The Bot Framework's published keys, and the Microsoft identity platform's token endpoint.</summary>
public sealed partial class FakeTeamsServer
{
    public const string ConnectorScope = "https://api.botframework.com/.default";
    public const string GraphScope = "https://graph.microsoft.com/.default";

    private readonly ConcurrentDictionary<string, string> _issued = new(StringComparer.Ordinal);
    private int _tokenRequests;
    private int _keyRequests;

    /// <summary>How many tokens the bot asked for (MSAL keeps them: a handful per run, not one per message).</summary>
    public int TokenRequests => Volatile.Read(ref _tokenRequests);

    /// <summary>How many times the bot read the signing keys (kept: not once per activity).</summary>
    public int KeyRequests => Volatile.Read(ref _keyRequests);

    /// <summary>A Connector token the bot would receive from Teams for <paramref name="serviceUrl"/> (the fake's own by default).</summary>
    public string Token(string? serviceUrl = null) => Keys.Mint(AppId, serviceUrl ?? ServiceUrl.ToString());

    private void MapLogin(IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/.well-known/openidconfiguration", () => Results.Json(new JsonObject
        {
            ["issuer"] = FakeTeamsKeys.Issuer,
            ["authorization_endpoint"] = "https://invalid.botframework.com",
            ["jwks_uri"] = new Uri(BaseUrl, "v1/.well-known/keys").ToString(),
            ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
            ["token_endpoint_auth_methods_supported"] = new JsonArray("private_key_jwt"),
        }));
        app.MapGet("/v1/.well-known/keys", () =>
        {
            Interlocked.Increment(ref _keyRequests);
            return Results.Json(Keys.Jwks());
        });

        // MSAL keeps the real authority (https://login.microsoftonline.com/{tenant}); the bot's handler sends it here.
        app.MapGet("/{tenant}/v2.0/.well-known/openid-configuration", (string tenant) => Results.Json(new JsonObject
        {
            ["issuer"] = $"https://login.microsoftonline.com/{tenant}/v2.0",
            ["authorization_endpoint"] = $"https://login.microsoftonline.com/{tenant}/oauth2/v2.0/authorize",
            ["token_endpoint"] = $"https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token",
            ["jwks_uri"] = $"https://login.microsoftonline.com/{tenant}/discovery/v2.0/keys",
            ["response_types_supported"] = new JsonArray("code", "id_token", "token"),
        }));
        app.MapPost("/{tenant}/oauth2/v2.0/token", IssueAsync);
    }

    private async Task<IResult> IssueAsync(HttpContext context, string tenant)
    {
        Interlocked.Increment(ref _tokenRequests);
        var form = await context.Request.ReadFormAsync();
        if (form["grant_type"] != "client_credentials" || form["client_id"] != AppId || form["client_secret"] != AppPassword)
        {
            return Results.Json(new JsonObject { ["error"] = "invalid_client", ["error_description"] = "AADSTS7000215: Invalid client secret provided." }, statusCode: 401);
        }

        var scope = form["scope"].ToString();
        if (!scope.Split(' ').Any(s => s is ConnectorScope or GraphScope))
        {
            return Results.Json(new JsonObject { ["error"] = "invalid_scope", ["error_description"] = $"AADSTS70011: The provided scope {scope} is not valid." }, statusCode: 400);
        }

        var audience = scope.Contains(ConnectorScope, StringComparison.Ordinal) ? ConnectorScope : GraphScope;
        var token = $"{(audience == GraphScope ? "graph" : "connector")}-{tenant}-{Guid.NewGuid():N}";
        _issued[token] = audience;
        return Results.Json(new JsonObject { ["token_type"] = "Bearer", ["expires_in"] = 3600, ["ext_expires_in"] = 3600, ["access_token"] = token });
    }

    /// <summary>Whether the request carries a token this fake issued for <paramref name="scope"/>.</summary>
    /// <summary>False: calls without a token are served, as the Agents Playground's connector does (the bot's local mode).</summary>
    public bool RequireTokens { get; set; } = true;

    private bool Authorized(HttpContext context, string scope) => !RequireTokens ||
        context.Request.Headers.Authorization.ToString() is { Length: > 7 } header && header.StartsWith("Bearer ", StringComparison.Ordinal)
        && _issued.TryGetValue(header[7..], out var audience) && audience == scope;
}
