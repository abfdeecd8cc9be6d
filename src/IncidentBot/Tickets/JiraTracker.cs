using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace IncidentBot.Tickets;

/// <summary>Jira Cloud (REST v3, API token): issues in the project, the marker as a label.</summary>
public sealed class JiraTracker(HttpClient http, IOptions<TicketOptions> options) : ITicketTracker
{
    private JiraTicketOptions Settings => options.Value.Jira;

    public string Name => "Jira";

    /// <summary>Jira labels take no spaces or <c>#</c>: <c>incidentbot:INC-0042#3</c> becomes <c>incidentbot-INC-0042-3</c>.</summary>
    public static string LabelOf(string marker) => marker.Replace(':', '-').Replace('#', '-');

    public async Task<Ticket?> FindAsync(string marker, CancellationToken cancellationToken)
    {
        var jql = Uri.EscapeDataString($"project = \"{Settings.Project}\" AND labels = \"{LabelOf(marker)}\"");
        var found = await SendAsync(HttpMethod.Get, $"rest/api/3/search/jql?jql={jql}&fields=status&maxResults=1", null, cancellationToken);
        return found?["issues"]?.AsArray().FirstOrDefault() is { } issue ? Of(issue["key"]!.GetValue<string>()) : null;
    }

    public async Task<Ticket> CreateAsync(string marker, string title, string body, CancellationToken cancellationToken)
    {
        var created = await SendAsync(HttpMethod.Post, "rest/api/3/issue", new JsonObject
        {
            ["fields"] = new JsonObject
            {
                ["project"] = new JsonObject { ["key"] = Settings.Project },
                ["issuetype"] = new JsonObject { ["name"] = Settings.IssueType },
                ["summary"] = title,
                ["labels"] = new JsonArray(LabelOf(marker), "incidentbot"),
                ["description"] = new JsonObject
                {
                    ["type"] = "doc",
                    ["version"] = 1,
                    ["content"] = new JsonArray(body.Split('\n').Where(l => l.Length > 0).Select(line => (JsonNode)new JsonObject
                    {
                        ["type"] = "paragraph",
                        ["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = line }),
                    }).ToArray()),
                },
            },
        }, cancellationToken);
        return Of(created!["key"]!.GetValue<string>());
    }

    public async Task<bool> IsClosedAsync(string key, CancellationToken cancellationToken) =>
        (await SendAsync(HttpMethod.Get, $"rest/api/3/issue/{Uri.EscapeDataString(key)}?fields=status", null, cancellationToken))?["fields"]?["status"]?["statusCategory"]?["key"]?.GetValue<string>() == "done";

    private Ticket Of(string key) => new(key, new Uri(Settings.BaseUrl!, $"browse/{key}").ToString());

    private async Task<JsonNode?> SendAsync(HttpMethod method, string path, JsonObject? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(Settings.BaseUrl!, path)) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Settings.Email}:{Settings.ApiToken}")));
        request.Headers.Accept.ParseAdd("application/json");
        using var response = await http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"Jira answered {(int)response.StatusCode} to {method} {path.Split('?')[0]}: {IncidentBot.Workflows.Chat.TextCut.Cut(text, 200)}", null, response.StatusCode);
        }

        return text.Length == 0 ? null : JsonNode.Parse(text);
    }
}
