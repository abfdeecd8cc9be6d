using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using IncidentBot.Tests.Support;

namespace IncidentBot.Tests.Api;

/// <summary><c>GET /api/runbooks</c> and <c>/api/runbooks/{id}</c>: the catalogue the page follows step by step.</summary>
public sealed partial class RunbookApiTests : IDisposable
{
    private readonly BotFactory _factory = new();
    private readonly ChatRoom _room;

    public RunbookApiTests() => _room = new ChatRoom(_factory.CreateClient());

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task List_HasEveryLoadedRunbook_WithItsStepsCommandsAndDestructiveSteps()
    {
        var list = await _room.GetJsonAsync("/api/runbooks");

        Assert.Equal(
            ["aurora-failover-stale-connections", "cache-primary-no-failover", "cloud-region-outage", "db-connection-storm", "evidence-before-recovery",
             "kafka-broker-out-of-cluster", "log-shipper-silent-loss", "memcached-saturation", "notification-burst"],
            list.EnumerateArray().Select(r => r.GetProperty("id").GetString()));
        var storm = list.EnumerateArray().Single(r => r.GetProperty("id").GetString() == "db-connection-storm");
        var steps = storm.GetProperty("steps").EnumerateArray().ToList();
        Assert.Equal(7, steps.Count);
        Assert.Equal(Enumerable.Range(1, 7), steps.Select(s => s.GetProperty("number").GetInt32()));
        Assert.Equal([4, 6], steps.Where(s => s.GetProperty("destructive").GetBoolean()).Select(s => s.GetProperty("number").GetInt32()));
        Assert.All(steps, s =>
        {
            Assert.False(string.IsNullOrWhiteSpace(s.GetProperty("text").GetString()));
            Assert.False(string.IsNullOrWhiteSpace(s.GetProperty("expect").GetString()));
            Assert.False(string.IsNullOrWhiteSpace(s.GetProperty("ifNot").GetString()));
            Assert.All(s.GetProperty("commands").EnumerateArray(), c => Assert.DoesNotContain("```", c.GetString(), StringComparison.Ordinal));
            Assert.NotEqual(0, s.GetProperty("commands").GetArrayLength());
        });
        Assert.Contains("kubectl set env deploy/api DB_READ_HOST=", steps[4].GetProperty("commands")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal("runbooks/db-connection-storm.md", storm.GetProperty("source").GetString());
        Assert.Equal(JsonValueKind.Null, storm.GetProperty("sourceUrl").ValueKind);
    }

    [Fact]
    public async Task One_IsServedById_WithWhatMakesItMatch()
    {
        var memcached = await _room.GetJsonAsync("/api/runbooks/memcached-saturation");

        Assert.Equal("Memcached (KVS) saturated", memcached.GetProperty("title").GetString());
        Assert.Equal("SEV2", memcached.GetProperty("severity").GetString());
        Assert.Contains("memcached", memcached.GetProperty("services").EnumerateArray().Select(s => s.GetString()));
        Assert.Contains("evictions", memcached.GetProperty("match").GetProperty("keywords").EnumerateArray().Select(s => s.GetString()));
        Assert.Contains("*Memcached*", memcached.GetProperty("match").GetProperty("alerts").EnumerateArray().Select(s => s.GetString()));
        Assert.StartsWith("Memcached nodes hit CPU", memcached.GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("In one outage this runbook comes from", memcached.GetProperty("introduction").GetString(), StringComparison.Ordinal);
        Assert.True(memcached.GetProperty("steps")[3].GetProperty("destructive").GetBoolean());
        Assert.Equal("db-connection-storm", (await _room.GetJsonAsync("/api/runbooks/DB-Connection-Storm")).GetProperty("id").GetString());
    }

    [Theory]
    [InlineData("db-conection-storm", "db-connection-storm", "Did you mean: db-connection-storm")]
    [InlineData("memcached", "memcached-saturation", "Did you mean: memcached-saturation")]
    [InlineData("printer-on-fire", null, "GET /api/runbooks lists them")]
    public async Task UnknownId_Is404ProblemJson_NamingTheNearestIds(string id, string? nearest, string detail)
    {
        using var response = await _room.Client.GetAsync(new Uri($"/api/runbooks/{id}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("No such runbook", problem.GetProperty("title").GetString());
        Assert.Contains(detail, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var near = problem.GetProperty("near").EnumerateArray().Select(n => n.GetString()).ToList();
        if (nearest is null)
        {
            Assert.Empty(near);
        }
        else
        {
            Assert.Equal(nearest, near[0]);
        }
    }

    [Fact]
    public async Task Catalogue_NeverNamesTheWriteUpsTheRunbooksWereMadeFrom()
    {
        using var response = await _room.Client.GetAsync(new Uri("/api/runbooks", UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();

        Assert.True(text.Length > 10_000, "the catalogue holds every step's text");
        Assert.Empty(SeedName().Matches(text).Select(m => m.Value));
    }

    [GeneratedRegex(@"\bseeds?\W{0,3}\d", RegexOptions.IgnoreCase)]
    private static partial Regex SeedName();
}
