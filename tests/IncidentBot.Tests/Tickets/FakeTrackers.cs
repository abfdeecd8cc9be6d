using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IncidentBot.Tests.Tickets;

/// <summary>One issue in a fake tracker.</summary>
public sealed class FakeIssue(int number, string key, JsonObject created)
{
    public int Number { get; } = number;
    public string Key { get; } = key;
    public JsonObject Created { get; } = created;
    public bool Closed { get; set; }
}

/// <summary>
/// GitHub Issues and Jira Cloud on loopback, as much of them as the bot uses: list, search, create
/// and read issues, with their authentication checked. Can lose the answer to a create (the issue
/// is made, the caller gets a 502), as a flaky proxy would.
/// </summary>
public sealed class FakeTrackers : IAsyncDisposable
{
    public const string GitHubToken = "github_pat_fake";
    public const string JiraAuth = "Basic YWxpY2VAZXhhbXBsZS5jb206amlyYS10b2tlbg=="; // alice@example.com:jira-token

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<int, FakeIssue> _issues = new();
    private int _next;
    private int _loseCreates;

    private FakeTrackers(WebApplication app) => _app = app;

    public Uri BaseUrl { get; private set; } = null!;

    public IReadOnlyCollection<FakeIssue> Issues => [.. _issues.Values.OrderBy(i => i.Number)];

    public ConcurrentQueue<string> Refused { get; } = new();

    /// <summary>The next <paramref name="times"/> creates make the issue but answer 502.</summary>
    public void LoseCreateAnswers(int times) => Interlocked.Exchange(ref _loseCreates, times);

    public static async Task<FakeTrackers> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeTrackers(app);
        app.MapGet("/github/repos/ops/runbook/issues", (HttpContext c) => fake.Guard(c, "github", () => Results.Json(new JsonArray([.. fake.Issues.Select(i => (JsonNode)GitHubIssue(i))]))));
        app.MapGet("/github/repos/ops/runbook/issues/{number:int}", (HttpContext c, int number) => fake.Guard(c, "github", () =>
            fake._issues.TryGetValue(number, out var issue) ? Results.Json(GitHubIssue(issue)) : Results.NotFound()));
        // HttpRequest, not HttpContext: a lambda taking only HttpContext would bind as a RequestDelegate and drop its result.
        app.MapPost("/github/repos/ops/runbook/issues", async (HttpRequest r) => await fake.CreateAsync(r.HttpContext, "github", n => $"#{n}"));
        app.MapGet("/jira/rest/api/3/search/jql", (HttpContext c, string jql) => fake.Guard(c, "jira", () =>
        {
            var label = jql.Split("labels = \"")[1].TrimEnd('"');
            var found = fake.Issues.Where(i => i.Created["fields"]?["labels"]?.AsArray().Any(l => l!.GetValue<string>() == label) == true);
            return Results.Json(new JsonObject { ["issues"] = new JsonArray([.. found.Select(i => (JsonNode)new JsonObject { ["key"] = i.Key })]) });
        }));
        app.MapGet("/jira/rest/api/3/issue/{key}", (HttpContext c, string key) => fake.Guard(c, "jira", () =>
            fake.Issues.FirstOrDefault(i => i.Key == key) is { } issue
                ? Results.Json(new JsonObject { ["key"] = key, ["fields"] = new JsonObject { ["status"] = new JsonObject { ["statusCategory"] = new JsonObject { ["key"] = issue.Closed ? "done" : "new" } } } })
                : Results.NotFound()));
        app.MapPost("/jira/rest/api/3/issue", async (HttpRequest r) => await fake.CreateAsync(r.HttpContext, "jira", n => $"OPS-{n}"));
        await app.StartAsync();
        fake.BaseUrl = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");
        return fake;
    }

    public void Close(string key) => Issues.First(i => i.Key == key).Closed = true;

    private static JsonObject GitHubIssue(FakeIssue i) => new()
    {
        ["number"] = i.Number,
        ["html_url"] = $"https://github.example.com/ops/runbook/issues/{i.Number}",
        ["state"] = i.Closed ? "closed" : "open",
        ["title"] = i.Created["title"]?.GetValue<string>(),
        ["body"] = i.Created["body"]?.GetValue<string>(),
    };

    private IResult Guard(HttpContext context, string api, Func<IResult> answer)
    {
        var auth = context.Request.Headers.Authorization.ToString();
        if (auth != (api == "github" ? "Bearer " + GitHubToken : JiraAuth))
        {
            Refused.Enqueue($"{api} {context.Request.Path}");
            return Results.StatusCode(401);
        }

        return answer();
    }

    private async Task<IResult> CreateAsync(HttpContext context, string api, Func<int, string> key)
    {
        var body = await JsonNode.ParseAsync(context.Request.Body) as JsonObject ?? [];
        return Guard(context, api, () =>
        {
            var number = Interlocked.Increment(ref _next);
            var issue = new FakeIssue(number, key(number), body);
            _issues[number] = issue;
            if (Interlocked.Decrement(ref _loseCreates) >= 0)
            {
                return Results.StatusCode(502);
            }

            return Results.Json(api == "github" ? GitHubIssue(issue) : new JsonObject { ["key"] = issue.Key, ["id"] = number.ToString(System.Globalization.CultureInfo.InvariantCulture) }, statusCode: 201);
        });
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
