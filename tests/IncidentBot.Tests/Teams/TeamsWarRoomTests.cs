using System.Net;
using System.Text.Json.Nodes;
using IncidentBot.FakeTeams;
using IncidentBot.Tests.Support;

namespace IncidentBot.Tests.Teams;

/// <summary>The whole Teams flow against a fake Microsoft: typed command → thread room → card buttons → resolved.</summary>
public sealed class TeamsWarRoomTests : IAsyncLifetime
{
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

    private static FakeTeamsMessage Card(FakeConversation thread) => thread.Messages[0];

    private static IEnumerable<string> Titles(FakeTeamsMessage message) => TeamsHarness.Actions(message.Card!).Select(a => a["title"]!.GetValue<string>());

    [Fact]
    public async Task A_command_in_a_personal_chat_opens_a_thread_room_and_card_buttons_drive_the_incident()
    {
        await _teams.SayAsync("incident start sev2 checkout errors");
        var thread = await _teams.ThreadAsync("INC-0001");
        Assert.Contains("checkout errors", Card(thread).Text, StringComparison.Ordinal);
        Assert.Contains("Work board", thread.Messages[1].Text, StringComparison.Ordinal);
        Assert.Equal("teams:" + thread.Id, (await _teams.IncidentAsync("INC-0001")).GetProperty("channel").GetString());
        await Eventually.HoldsAsync(() => _teams.AliceChat.Messages.Any(m => m.Text.Contains("INC-0001", StringComparison.Ordinal)), "the answer in Alice's chat");

        // The card offers only what its guards allow: no "Start recovery" before anyone commands.
        Assert.DoesNotContain("Start recovery", Titles(Card(thread)));
        Assert.Contains("Who commands?", Card(thread).Card!.ToJsonString(), StringComparison.Ordinal);

        // Alice takes command: the presser gets the refreshed card at once; everyone's copy is updated in place.
        var taken = await _teams.PressAsync(Card(thread), thread, "I'll take commander");
        Assert.Equal("application/vnd.microsoft.card.adaptive", taken["type"]!.GetValue<string>());
        Assert.DoesNotContain("I'll take commander", taken["value"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("@alice.sato", taken["value"]!.ToJsonString(), StringComparison.Ordinal);
        await Eventually.HoldsAsync(() => !Titles(Card(thread)).Contains("I'll take commander"), "the thread's card to lose its commander button");

        await _teams.PressAsync(Card(thread), thread, "Start recovery");
        await Eventually.HoldsAsync(() => Titles(Card(thread)).Contains("Mitigated"), "the Mitigated button");

        // A button whose command needs words shows a field; what is typed there completes the command.
        var mitigated = await _teams.PressAsync(Card(thread), thread, "Mitigated", input: "rolled back deploy 42");
        Assert.Contains("verifying", mitigated["value"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal("verifying", (await _teams.IncidentAsync("INC-0001")).GetProperty("phase").GetString());

        // Typed in the room with an @mention, a command needs no id; the room's own post is its answer.
        await _teams.SayAsync("verified checkout is green again", thread, mention: true);
        Assert.Equal("reporting", (await _teams.IncidentAsync("INC-0001")).GetProperty("phase").GetString());
        await Eventually.HoldsAsync(() => Card(thread).Text.Contains("reporting", StringComparison.Ordinal), "the card to say reporting");
        Assert.True(Card(thread).Updates >= 3, $"the card was updated {Card(thread).Updates} times");
        Assert.Single(thread.Messages, m => m.Text.Contains("Phase", StringComparison.Ordinal) && m.Card?["body"]?.ToJsonString().Contains("FactSet", StringComparison.Ordinal) == true && m.Text.Contains("Commander", StringComparison.Ordinal));
        await _teams.QuietAsync();
        Assert.Empty(_teams.Teams.Limited);
        Assert.Empty(_teams.Teams.Unexpected);
    }

    [Fact]
    public async Task What_people_say_in_the_thread_becomes_the_timeline_with_edits_deletions_and_key_events()
    {
        await _teams.SayAsync("incident start sev2 checkout errors");
        var thread = await _teams.ThreadAsync("INC-0001");

        var said = await _teams.SayAsync("error rate is 12% since 10:02", thread, TeamsHarness.Bob);
        var wrong = await _teams.SayAsync("db primary is down", thread);
        var edit = _teams.Activity("messageUpdate", thread, text: "db replica is down, primary fine");
        edit["id"] = wrong;
        (await _teams.PostAsync(edit)).Dispose();
        var gone = await _teams.SayAsync("oops wrong room", thread);
        var delete = _teams.Activity("messageDelete", thread);
        delete["id"] = gone;
        (await _teams.PostAsync(delete)).Dispose();

        // "Mark as key event" on Bob's message (the app's message action).
        var mark = _teams.Activity("invoke", thread);
        mark["name"] = "composeExtension/submitAction";
        mark["value"] = new JsonObject { ["commandId"] = "markKeyEvent", ["commandContext"] = "message", ["messagePayload"] = new JsonObject { ["id"] = said }, ["data"] = new JsonObject { ["why"] = "first number we had" } };
        using (var marked = await _teams.PostAsync(mark))
        {
            Assert.Equal(HttpStatusCode.OK, marked.StatusCode);
        }

        // Teams sends an activity again when it thinks the bot missed it: recorded once.
        var again = _teams.Activity("message", thread, TeamsHarness.Bob, "error rate is 12% since 10:02");
        again["id"] = said;
        (await _teams.PostAsync(again)).Dispose();

        // A note typed in the room is seen by everyone there: no private "Noted." for each one.
        await _teams.SayAsync("incident note rolled back the canary", thread);
        await _teams.QuietAsync();
        Assert.Single(_teams.AliceChat.Messages); // the start's answer, nothing since

        var timeline = (await new ChatRoom(_teams.Client).GetJsonAsync("/api/incidents/INC-0001/timeline")).EnumerateArray().ToList();
        string Text(System.Text.Json.JsonElement e) => e.GetProperty("text").GetString()!;
        Assert.Single(timeline, e => Text(e) == "rolled back the canary");
        var first = Assert.Single(timeline, e => Text(e) == "error rate is 12% since 10:02");
        Assert.Equal("bob.tanaka", first.GetProperty("actor").GetString());
        Assert.True(first.GetProperty("key").GetBoolean());
        Assert.Single(timeline, e => Text(e) == "key event: first number we had" && e.GetProperty("actor").GetString() == "alice.sato");
        Assert.StartsWith("https://teams.microsoft.com/l/message/", first.GetProperty("link").GetString(), StringComparison.Ordinal);
        Assert.Equal("db replica is down, primary fine", timeline.Single(e => Text(e) == "db primary is down").GetProperty("correctedText").GetString());
        Assert.True(timeline.Single(e => Text(e) == "oops wrong room").GetProperty("deleted").GetBoolean());
    }

    [Fact]
    public async Task A_runbook_step_shows_its_commands_in_monospace_and_long_text_stays_under_the_message_limit()
    {
        await _teams.SayAsync("incident start sev2 memcached saturation on the session cache");
        var thread = await _teams.ThreadAsync("INC-0001");
        await _teams.SayAsync("runbook memcached-saturation", thread, mention: true);

        // The step is posted in the room with its buttons; what to run is code, in monospace.
        await Eventually.HoldsAsync(() => thread.Messages.Any(m => Monospace(m).Any()), "a runbook step with its commands");
        var step = thread.Messages.Last(m => Monospace(m).Any());
        Assert.Contains("step 1/", step.Text, StringComparison.Ordinal);
        Assert.Contains(Monospace(step), code => code.StartsWith("/incident hypothesis ", StringComparison.Ordinal));
        Assert.Contains("Done", Titles(step));

        // Long Japanese text (the kind pasted from a log) is cut to fit Teams' ~28 KB, never refused by it.
        var pasted = string.Concat(Enumerable.Repeat("接続タイムアウト connection timeout on cache-1 ", 1200));
        await _teams.SayAsync("summary " + pasted[..3000], thread, mention: true);
        await _teams.SayAsync("hypothesis " + pasted[..3000], thread, mention: true);
        await _teams.QuietAsync();
        Assert.DoesNotContain(_teams.Teams.Calls, c => c.Status == 413);
        Assert.All(_teams.Teams.Calls.Where(c => c.Body is not null), c => Assert.True(c.Body!.ToJsonString().Length <= FakeTeamsServer.MaxActivityBytes, $"a {c.Body!.ToJsonString().Length}-byte activity"));
    }

    private static IEnumerable<string> Monospace(FakeTeamsMessage message) =>
        message.Card?["body"]?.AsArray().Where(b => b?["fontType"]?.GetValue<string>() == "Monospace").Select(b => b!["text"]!.GetValue<string>()) ?? [];
}
