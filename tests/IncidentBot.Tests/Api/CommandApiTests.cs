using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using IncidentBot.Tests.Support;

namespace IncidentBot.Tests.Api;

public sealed class CommandApiTests : IDisposable
{
    private readonly BotFactory _factory = new();
    private readonly ChatRoom _room;

    public CommandApiTests() => _room = new ChatRoom(_factory.CreateClient());

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Incident_IsDrivenFromStartToClose_AndTheReadApiShowsIt()
    {
        await _room.Say("/incident start sev2 db connections failing").ExpectReply("INC-0001");
        await _room.Say("/incident recover").ExpectRefusal("/incident role commander me");
        await _room.Say("/incident role commander me").ExpectOk();
        await _room.Say("/incident role comms @carol").ExpectOk();
        await _room.Say("/incident recover").ExpectReply("triage → recovering");
        await _room.Say("/incident claim check RDS ConnectionAttempts", "bob").ExpectOk();
        await _room.Say("/incident claim check rds connection attempts", "carol").ExpectRefusal("@bob has been doing this");
        await _room.Say("/incident mitigated routed reads to the reader").ExpectReply("recovering → verifying");
        await _room.Say("/incident verified", "bob").ExpectReply("verifying → reporting");
        await _room.Say("/incident close --no-postmortem no user impact").ExpectReply("closed");

        var incident = await _room.GetJsonAsync("/api/incidents/INC-0001");
        Assert.Equal("INC-0001", incident.GetProperty("id").GetString());
        Assert.Equal("db connections failing", incident.GetProperty("title").GetString());
        Assert.Equal("SEV2", incident.GetProperty("severity").GetString());
        Assert.Equal("closed", incident.GetProperty("phase").GetString());
        Assert.Equal("alice", incident.GetProperty("roles").GetProperty("commander").GetString());
        Assert.Equal("carol", incident.GetProperty("roles").GetProperty("communications").GetString());
        Assert.Equal("bob", incident.GetProperty("verifier").GetString());
        var entered = incident.GetProperty("phaseEnteredAt");
        foreach (var phase in new[] { "detected", "triage", "recovering", "verifying", "reporting", "closed" })
        {
            Assert.True(entered.TryGetProperty(phase, out _), $"no time for {phase}");
        }

        Assert.Equal(5, incident.GetProperty("transitions").GetArrayLength());
        Assert.Equal("start-recovery", incident.GetProperty("transitions")[1].GetProperty("trigger").GetString());

        var list = await _room.GetJsonAsync("/api/incidents");
        Assert.Equal("closed", list[0].GetProperty("phase").GetString());

        var timeline = await _room.GetJsonAsync("/api/incidents/INC-0001/timeline");
        Assert.Equal(Enumerable.Range(1, timeline.GetArrayLength()).Select(i => (long)i), timeline.EnumerateArray().Select(e => e.GetProperty("sequence").GetInt64()));
        Assert.Contains(timeline.EnumerateArray(), e => e.GetProperty("text").GetString() == "Claimed #1: check RDS ConnectionAttempts" && e.GetProperty("actor").GetString() == "bob");
    }

    [Fact]
    public async Task Reply_CarriesButtonsForThePermittedTriggers()
    {
        var reply = await _room.Say("/incident start --triage disk filling up").ExpectOk();

        var commands = reply.GetProperty("buttons").EnumerateArray().Select(b => b.GetProperty("command").GetString()).ToList();
        Assert.Equal(["/incident role commander me INC-0001", "/incident declare INC-0001", "/incident dismiss INC-0001 <reason>"], commands);
        Assert.True(reply.GetProperty("buttons")[2].GetProperty("needsInput").GetBoolean());
        Assert.Equal("in_channel", reply.GetProperty("visibility").GetString());
    }

    public static TheoryData<string, string> BadBodies() => new()
    {
        { "", "empty" },
        { "{", "not valid JSON" },
        { "[1,2]", "not valid JSON" },
        { "{\"user\":\"alice\"}", "\"text\" is required" },
        { "{\"text\":\"/incident list\"}", "Say who you are" },
        { "{\"text\":\"/incident list\",\"user\":\"a b\"}", "Say who you are" },
        { "{\"text\":42,\"user\":\"alice\"}", "not valid JSON" },
        { "{\"text\":\"/incident note x\",\"user\":\"alice\",\"pad\":\"" + new string('x', 70_000) + "\"}", "limit" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task BadBody_Gets400WithAProblem_AndChangesNothing(string body, string detail)
    {
        await _room.Say("/incident start db down").ExpectOk();

        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await _room.Client.PostAsync(new Uri("/api/commands", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(detail, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var timeline = await _room.GetJsonAsync("/api/incidents/INC-0001/timeline");
        Assert.Equal(2, timeline.GetArrayLength());
    }

    [Theory]
    [InlineData("/api/incidents/INC-0042", HttpStatusCode.NotFound)]
    [InlineData("/api/incidents/42/timeline", HttpStatusCode.NotFound)]
    [InlineData("/api/incidents/not-an-id", HttpStatusCode.BadRequest)]
    public async Task UnknownOrMalformedId_IsAProblem_NotACrash(string path, HttpStatusCode status)
    {
        using var response = await _room.Client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task ConcurrentCommands_AreAllCommitted_InOneGaplessSequence()
    {
        await _room.Say("/incident start db down").ExpectOk();

        await Task.WhenAll(Enumerable.Range(0, 32).Select(i => _room.Say($"/incident note note {i}", $"user{i}").ExpectOk()));
        await Task.WhenAll(Enumerable.Range(0, 8).Select(i => _room.Say($"/incident summary attempt {i}", $"user{i}").ExpectOk()));

        var timeline = await _room.GetJsonAsync("/api/incidents/INC-0001/timeline");
        Assert.Equal(Enumerable.Range(1, 2 + 32 + 8).Select(i => (long)i), timeline.EnumerateArray().Select(e => e.GetProperty("sequence").GetInt64()).Order());
        Assert.Equal(32, timeline.EnumerateArray().Count(e => e.GetProperty("kind").GetString() == "note"));
    }

    [Fact]
    public async Task RetriedRequest_WithTheSameIdempotencyKey_ChangesNothingTheSecondTime()
    {
        async Task<JsonElement> Send(string text, string key)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/commands") { Content = JsonContent.Create(new { text, user = "alice" }) };
            request.Headers.Add("Idempotency-Key", key);
            using var response = await _room.Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return await response.Content.ReadFromJsonAsync<JsonElement>();
        }

        var first = await Send("/incident start sev2 db down", "start-1");
        var retry = await Send("/incident start sev2 db down", "start-1");
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Send("/incident note failover INC-0001", "note-1")));
        var noted = await Send("/incident note failover INC-0001", "note-1");

        Assert.Equal(first.GetProperty("text").GetString(), retry.GetProperty("text").GetString());
        Assert.Equal("INC-0001", retry.GetProperty("incident").GetString());
        Assert.Single((await _room.GetJsonAsync("/api/incidents")).EnumerateArray());
        var timeline = await _room.GetJsonAsync("/api/incidents/INC-0001/timeline");
        Assert.Single(timeline.EnumerateArray(), e => e.GetProperty("kind").GetString() == "note");
        Assert.True(noted.GetProperty("ok").GetBoolean());
    }

    [Fact]
    public async Task Health_AndReadiness_Answer()
    {
        using var health = await _room.Client.GetAsync(new Uri("/healthz", UriKind.Relative));
        using var ready = await _room.Client.GetAsync(new Uri("/readyz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    [Fact]
    public async Task WarRoomPage_IsServedAtTheRoot()
    {
        var html = await _room.Client.GetStringAsync(new Uri("/", UriKind.Relative));

        Assert.Contains("IncidentBot", html, StringComparison.Ordinal);
        Assert.Contains("/api/commands", await _room.Client.GetStringAsync(new Uri("/js/api.js", UriKind.Relative)), StringComparison.Ordinal);
    }
}
