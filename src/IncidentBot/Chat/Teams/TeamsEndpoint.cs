using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using IncidentBot.Hosting;
using IncidentBot.Workflows.Chat;
using Microsoft.Extensions.Options;

namespace IncidentBot.Chat.Teams;

/// <summary>
/// <c>POST /api/messages</c>, the Bot Framework's endpoint. Every activity's token is checked before
/// anything is read from it; a request that is not Teams' (or not this tenant's, for a single-tenant
/// app) is refused with 401, recorded nowhere, and the log says why. Teams gets its answer within
/// its 15 seconds: slow work (posting, opening rooms) happens afterwards, through the outbox.
/// </summary>
public static class TeamsEndpoint
{
    /// <summary>Activities are a few kilobytes; a card's submitted form stays well under this.</summary>
    public const int MaxBodyBytes = 256 * 1024;

    public static WebApplication MapTeams(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapPost("/api/messages", HandleAsync);
        return app;
    }

    private static async Task<IResult> HandleAsync(HttpContext context, TeamsAuthenticator authenticator, TeamsInbound inbound, IOptions<TeamsOptions> options, TeamsRefusals refusals)
    {
        var settings = options.Value;
        var body = await RequestBody.ReadAsync(context.Request, MaxBodyBytes, context.RequestAborted);
        if (body is null)
        {
            return Results.Problem(title: "Too large", detail: $"An activity is at most {MaxBodyBytes:N0} bytes.", statusCode: 400);
        }

        JsonObject json;
        try
        {
            json = JsonNode.Parse(body) as JsonObject ?? throw new JsonException();
        }
        catch (JsonException)
        {
            return Results.Problem(title: "Malformed activity", detail: "An activity is a JSON object.", statusCode: 400);
        }

        var activity = new TeamsActivity(json);
        var authorization = context.Request.Headers.Authorization.ToString();
        var local = settings.AllowLocalUnauthenticated && authorization.Length == 0 && context.Connection.RemoteIpAddress is { } remote && IPAddress.IsLoopback(remote);
        var problem = !settings.Enabled ? new TeamsRefusal("not_configured", "Teams__AppId is not set")
            : local && !IsLoopback(activity.ServiceUrl) ? new TeamsRefusal("local_foreign_service_url", "an activity without a token names a service URL off this machine")
            : local ? null
            : await authenticator.ProblemAsync(authorization.Length == 0 ? null : authorization, activity.ChannelId, activity.ServiceUrl, context.RequestAborted);
        if (problem is null && !string.IsNullOrEmpty(settings.TenantId) && !local && !string.Equals(activity.Tenant, settings.TenantId, StringComparison.OrdinalIgnoreCase))
        {
            problem = new TeamsRefusal("wrong_tenant", $"the activity comes from tenant {TextCut.Cut(activity.Tenant ?? "(none)", 40)}, not Teams__TenantId");
        }

        if (problem is not null)
        {
            refusals.Refused("messages", problem.Reason, problem.Detail, RefusalLog.SenderOf(context));
            return Results.Problem(title: "Not authenticated", detail: "Only the Bot Framework may call this endpoint, with a valid token.", statusCode: 401);
        }

        var answer = await inbound.HandleAsync(activity, context.RequestAborted);
        return answer.Body is null ? Results.StatusCode(answer.Status) : Results.Json(answer.Body, statusCode: answer.Status);
    }

    /// <summary>Without a token the bot may only be told to answer on this machine: its token is never sent elsewhere on such a say-so.</summary>
    private static bool IsLoopback(string? serviceUrl) => Uri.TryCreate(serviceUrl, UriKind.Absolute, out var uri) && uri.IsLoopback;
}
