using System.Buffers;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace IncidentBot.FakeTeams;

/// <summary>Graph's <c>POST /v1.0/teams/{id}/channels</c>, with Teams' rules for channel names.</summary>
public sealed partial class FakeTeamsServer
{
    private static readonly SearchValues<char> ForbiddenInNames = SearchValues.Create("~#%&*{}+/\\:<>?|'\"");

    private void MapGraph(IEndpointRouteBuilder app) =>
        app.MapPost("/v1.0/teams/{team}/channels", async (HttpContext context, string team) =>
        {
            var body = await JsonNode.ParseAsync(context.Request.Body) as JsonObject;
            var (status, answer) = Down ? (503, Error("ServiceUnavailable", "Try again later."))
                : !Authorized(context, GraphScope) ? (401, Error("InvalidAuthenticationToken", "Access token is empty or not for Graph."))
                : team != TeamId ? (404, Error("NotFound", "No team with that id."))
                : CreateChannel(body);
            _calls.Enqueue(new TeamsCall("POST", context.Request.Path, null, body, DateTimeOffset.UtcNow, status));
            return Results.Json(answer, statusCode: status);
        });

    private (int, JsonObject) CreateChannel(JsonObject? body)
    {
        var name = body?["displayName"]?.GetValue<string>() ?? "";
        if (name.Length is 0 or > 50 || name.IndexOfAny(ForbiddenInNames) >= 0 || name.StartsWith('_') || name.EndsWith('.'))
        {
            return (400, Error("BadRequest", $"Channel name '{name}' is not valid: at most 50 characters, none of ~#%&*{{}}+/\\:<>?|'\"."));
        }

        lock (_conversations)
        {
            if (_conversations.Values.Any(c => c.Kind == "channel" && string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase)))
            {
                return (400, Error("NameAlreadyExists", "Channel name already existed, please use other name."));
            }

            var channel = new FakeConversation($"19:{Guid.NewGuid():N}@thread.tacv2", "channel", name);
            _conversations[channel.Id] = channel;
            return (201, new JsonObject { ["id"] = channel.Id, ["displayName"] = name, ["membershipType"] = "standard" });
        }
    }
}
