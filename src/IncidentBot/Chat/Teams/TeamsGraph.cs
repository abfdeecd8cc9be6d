using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace IncidentBot.Chat.Teams;

/// <summary>
/// Microsoft Graph, for channel mode only: a standard channel per incident in <c>Teams__TeamId</c>,
/// with the team-scoped RSC permission <c>Channel.Create.Group</c>. A name Teams already has is
/// reported so the caller can try the next one.
/// </summary>
public sealed class TeamsGraph(HttpClient http, TeamsTokens tokens, IOptions<TeamsOptions> options)
{
    /// <summary>Creates channel <paramref name="name"/>; its id (<c>19:…@thread.tacv2</c>), or null when the name is taken.</summary>
    public async Task<string?> CreateChannelAsync(string name, string description, CancellationToken cancellationToken)
    {
        var team = options.Value.TeamId ?? throw new TeamsApiException("create channel", "not_configured", "Teams__TeamId is not set: channel mode needs the team to create channels in.", null, transient: false);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(options.Value.GraphUrl, $"v1.0/teams/{Uri.EscapeDataString(team)}/channels"))
        {
            Content = new StringContent(new JsonObject { ["displayName"] = name, ["description"] = description, ["membershipType"] = "standard" }.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await tokens.TokenAsync(TeamsTokens.GraphScope, cancellationToken));
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new TeamsApiException("create channel", "network", "Graph did not answer; the bot retries.", null, transient: true, ex);
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return JsonNode.Parse(text)?["id"]?.GetValue<string>() ?? throw new TeamsApiException("create channel", "no_id", "Graph answered without the channel's id.", null, transient: true);
            }

            var status = (int)response.StatusCode;
            if (status is 400 or 409 && text.Contains("NameAlreadyExists", StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            var advice = status switch
            {
                401 or 403 => "The app may not create channels in that team: give it the RSC permission Channel.Create.Group (see teams/manifest.json) and install it in the team again.",
                429 => "Graph asked the bot to slow down; it waits as told.",
                _ when status >= 500 => "Graph had a problem; the bot retries.",
                _ => "Graph refused the channel (a team holds at most 1,000 channels, deleted ones counting for 30 days).",
            };
            throw new TeamsApiException("create channel", $"graph_http_{status}", advice, response.Headers.RetryAfter?.Delta, transient: status is 429 or >= 500);
        }
    }
}
