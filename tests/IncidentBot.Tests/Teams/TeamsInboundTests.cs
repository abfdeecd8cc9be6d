using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using IncidentBot.Tests.Support;
using IncidentBot.Workflows.Chat;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentBot.Tests.Teams;

/// <summary>
/// What Teams sends besides typed commands, from the protocol's own examples: the bot added to a team
/// and removed, buttons of older clients (messageBack, Action.Submit), a button that carries no command,
/// and activities that are broken, oversized or of a kind the bot ignores. None of them may change
/// what was recorded, except as Teams means it to.
/// </summary>
public sealed class TeamsInboundTests : IAsyncLifetime
{
    private static readonly string Fixtures = Path.Combine(AppContext.BaseDirectory, "Fixtures", "teams");
    private readonly TempDatabase _database = new();
    private TeamsHarness _teams = null!;

    public async Task InitializeAsync() => _teams = await TeamsHarness.StartAsync(_database);

    public async Task DisposeAsync()
    {
        try
        {
            await _teams.AssertCardsValidAsync();
        }
        finally
        {
            await _teams.DisposeAsync();
            _database.Dispose();
        }
    }

    private static JsonObject Fixture(string name) => JsonNode.Parse(File.ReadAllText(Path.Combine(Fixtures, name + ".json")))!.AsObject();

    private Task<IReadOnlyList<ChatPlace>> PlacesAsync() => _teams.Bot.Services.GetRequiredService<IPlacesStore>().PlacesAsync("teams", CancellationToken.None);

    private async Task<int> TimelineCountAsync() => (await new ChatRoom(_teams.Client).GetJsonAsync("/api/incidents/INC-0001/timeline")).GetArrayLength();

    [Fact]
    public async Task The_bot_added_to_a_team_remembers_where_it_may_post_and_forgets_it_when_removed()
    {
        var added = Fixture("teams_conversation_update_bot_added_to_team");
        using (var response = await _teams.PostAsync(added))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var place = Assert.Single(await PlacesAsync());
        Assert.Equal("19:0b7f32667e064dd9b25d7969801541f4@thread.tacv2", place.Room.Conversation);
        Assert.Equal("https://smba.trafficmanager.net/amer/", place.Room.ServiceUrl);
        Assert.Equal("b28fdbfd-2b78-4f93-b0f8-8881793f0f8f", place.Room.Tenant);
        Assert.Equal("2021 Test Channel", place.Name);

        // A person leaving the team is not the bot leaving it.
        var someoneLeft = Fixture("teams_conversation_update_member_removed");
        someoneLeft["conversation"]!["id"] = place.Room.Conversation;
        someoneLeft["serviceUrl"] = place.Room.ServiceUrl;
        (await _teams.PostAsync(someoneLeft)).Dispose();
        Assert.Single(await PlacesAsync());

        // The bot removed: it no longer counts on posting there.
        var removed = added.DeepClone().AsObject();
        removed.Remove("membersAdded");
        removed["membersRemoved"] = new JsonArray(new JsonObject { ["id"] = added["recipient"]!["id"]!.GetValue<string>() });
        removed["id"] = "f:removed";
        (await _teams.PostAsync(removed)).Dispose();
        Assert.Empty(await PlacesAsync());
        Assert.Contains(_teams.Logs.Lines, l => l.Message.Contains("removed from 19:0b7f32667e064dd9b25d7969801541f4@thread.tacv2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_button_of_an_older_client_runs_its_command_and_one_without_a_command_changes_nothing()
    {
        await _teams.SayAsync("incident start sev2 checkout errors");
        var thread = await _teams.ThreadAsync("INC-0001");

        // Action.Submit / messageBack: a message whose value is the button's data.
        var submit = _teams.Activity("message", thread);
        submit["value"] = new JsonObject { ["command"] = "/incident role commander me" };
        (await _teams.PostAsync(submit)).Dispose();
        Assert.Equal("alice.sato", (await _teams.IncidentAsync("INC-0001")).GetProperty("roles").GetProperty("commander").GetString());

        // The protocol's own messageBack example carries no command: nothing runs, nothing is recorded.
        await _teams.QuietAsync();
        var before = await TimelineCountAsync();
        var foreign = Fixture("teams_messageback_inbound");
        foreign["serviceUrl"] = _teams.Teams.ServiceUrl.ToString();
        (await _teams.PostAsync(foreign)).Dispose();
        var invoke = Fixture("teams_invoke_adaptivecard_action_execute");
        invoke["serviceUrl"] = _teams.Teams.ServiceUrl.ToString();
        using var answer = await _teams.PostAsync(invoke);
        var body = JsonNode.Parse(await answer.Content.ReadAsStringAsync())!;
        Assert.Equal(400, body["statusCode"]!.GetValue<int>());
        Assert.Equal("application/vnd.microsoft.error", body["type"]!.GetValue<string>());
        Assert.Equal(before, await TimelineCountAsync());
    }

    [Theory]
    [InlineData("not json at all", 400)]
    [InlineData("[1, 2, 3]", 400)]
    [InlineData("{\"type\":\"message\",\"channelId\":\"msteams\",\"serviceUrl\":\"SERVICE\",\"text\":\"incident start sev1 x\"}", 400)]
    [InlineData("{\"type\":\"somethingNew\",\"id\":\"1\",\"channelId\":\"msteams\",\"serviceUrl\":\"SERVICE\",\"conversation\":{\"id\":\"a:1\"}}", 200)]
    [InlineData("{\"type\":\"typing\",\"id\":\"2\",\"channelId\":\"msteams\",\"serviceUrl\":\"SERVICE\",\"conversation\":{\"id\":\"a:1\"}}", 200)]
    public async Task A_broken_or_unknown_activity_is_answered_without_changing_anything(string body, int status)
    {
        await _teams.SayAsync("incident start sev2 checkout errors");
        await _teams.ThreadAsync("INC-0001");
        await _teams.QuietAsync(); // the room is open and recorded: nothing else is on its way
        var before = await TimelineCountAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = new StringContent(body.Replace("SERVICE", _teams.Teams.ServiceUrl.ToString(), StringComparison.Ordinal), Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new("Bearer", _teams.Teams.Token(_teams.Teams.ServiceUrl.ToString()));
        using var response = await _teams.Client.SendAsync(request);
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(before, await TimelineCountAsync());
        Assert.Single((await new ChatRoom(_teams.Client).GetJsonAsync("/api/incidents?all=true")).EnumerateArray());
    }

    [Fact]
    public async Task An_oversized_activity_is_refused_before_anything_is_read()
    {
        var huge = _teams.Activity("message", _teams.AliceChat, text: "incident start sev1 " + new string('x', 300_000));
        using var response = await _teams.PostAsync(huge);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("262,144 bytes", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty((await new ChatRoom(_teams.Client).GetJsonAsync("/api/incidents?all=true")).EnumerateArray());
    }

    [Fact]
    public async Task Talk_that_starts_with_incident_is_talk_and_a_command_that_records_nothing_is_still_answered()
    {
        await _teams.SayAsync("incident start sev2 checkout errors");
        var thread = await _teams.ThreadAsync("INC-0001");

        // "Incident is …" said in the room is the timeline's, not a refused command.
        await _teams.SayAsync("Incident is mitigated on our side, monitoring", thread, TeamsHarness.Bob);
        var timeline = await new ChatRoom(_teams.Client).GetJsonAsync("/api/incidents/INC-0001/timeline");
        Assert.Contains(timeline.EnumerateArray(), e => e.GetProperty("text").GetString() == "Incident is mitigated on our side, monitoring");

        // A backdated note tells its writer how the time was read; the room's own answer to a question that records nothing is posted.
        await _teams.SayAsync("incident note --at 00:01 deploy 42 finished", thread);
        await _teams.SayAsync("postmortem", thread, mention: true);
        await _teams.QuietAsync();
        Assert.Null(_teams.Teams.ChatWith(TeamsHarness.Bob));
        Assert.Contains(_teams.AliceChat.Messages, m => m.Text.Contains("backdated to", StringComparison.Ordinal));
        Assert.Contains(thread.Messages, m => m.Text.Contains("ostmortem", StringComparison.Ordinal) && !m.Text.Contains("Work board", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_button_pressed_with_its_field_empty_explains_and_records_nothing()
    {
        await _teams.SayAsync("incident start sev2 checkout errors");
        var thread = await _teams.ThreadAsync("INC-0001");
        await _teams.QuietAsync();
        var before = await TimelineCountAsync();

        var answer = await _teams.PressAsync(thread.Messages[1], thread, "Claim work", input: "   ");
        Assert.Contains("type them in its field", answer["value"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(before, await TimelineCountAsync());
        Assert.Equal(0, (await _teams.IncidentAsync("INC-0001")).GetProperty("claims").GetArrayLength());
    }

    [Fact]
    public async Task A_command_Teams_sends_twice_runs_once_and_is_answered_once()
    {
        var start = _teams.Activity("message", _teams.AliceChat, text: "incident start sev2 checkout errors");
        (await _teams.PostAsync(start)).Dispose();
        (await _teams.PostAsync(start)).Dispose();
        await _teams.ThreadAsync("INC-0001");
        await _teams.QuietAsync();
        Assert.Single((await new ChatRoom(_teams.Client).GetJsonAsync("/api/incidents?all=true")).EnumerateArray());
        Assert.Single(_teams.AliceChat.Messages);
    }
}
