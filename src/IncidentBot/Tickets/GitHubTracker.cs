using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace IncidentBot.Tickets;

/// <summary>GitHub Issues (REST): issues labelled <c>incidentbot</c>, the marker in the body.</summary>
public sealed class GitHubTracker(HttpClient http, IOptions<TicketOptions> options) : ITicketTracker
{
    public const string Label = "incidentbot";

    private GitHubTicketOptions Settings => options.Value.GitHub;

    public string Name => "GitHub";

    public async Task<Ticket?> FindAsync(string marker, CancellationToken cancellationToken)
    {
        // The issue list (not the search index, which lags) so a retry a second later still finds it.
        for (var page = 1; page <= 10; page++)
        {
            var issues = await SendAsync(HttpMethod.Get, $"repos/{Settings.Repository}/issues?labels={Label}&state=all&per_page=100&page={page}", null, cancellationToken) as JsonArray ?? [];
            if (issues.FirstOrDefault(i => i?["body"]?.GetValue<string>()?.Contains(marker, StringComparison.Ordinal) == true) is { } found)
            {
                return Of(found);
            }

            if (issues.Count < 100)
            {
                return null;
            }
        }

        return null;
    }

    public async Task<Ticket> CreateAsync(string marker, string title, string body, CancellationToken cancellationToken)
    {
        var created = await SendAsync(HttpMethod.Post, $"repos/{Settings.Repository}/issues", new JsonObject
        {
            ["title"] = title,
            ["body"] = body + "\n\n<!-- " + marker + " -->",
            ["labels"] = new JsonArray(Label),
        }, cancellationToken);
        return Of(created!);
    }

    public async Task<bool> IsClosedAsync(string key, CancellationToken cancellationToken) =>
        (await SendAsync(HttpMethod.Get, $"repos/{Settings.Repository}/issues/{Uri.EscapeDataString(key.TrimStart('#'))}", null, cancellationToken))?["state"]?.GetValue<string>() == "closed";

    private static Ticket Of(JsonNode issue) => new("#" + issue["number"]!.GetValue<int>(), issue["html_url"]!.GetValue<string>());

    private async Task<JsonNode?> SendAsync(HttpMethod method, string path, JsonObject? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(Settings.ApiUrl, path)) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Settings.Token);
        request.Headers.Accept.ParseAdd("application/vnd.github+json");
        request.Headers.UserAgent.ParseAdd("IncidentBot");
        request.Headers.Add("X-GitHub-Api-Version", "2022-11-28");
        using var response = await http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"GitHub answered {(int)response.StatusCode} to {method} {path}: {IncidentBot.Workflows.Chat.TextCut.Cut(text, 200)}", null, response.StatusCode);
        }

        return JsonNode.Parse(text);
    }
}
