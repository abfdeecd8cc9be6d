using System.Text.Json;
using IncidentBot.Tests.Slack;
using IncidentBot.Tests.Support;

namespace IncidentBot.Tests.Chat;

/// <summary>A person keeps one handle across restarts: the timeline, roles and the commander check go by it.</summary>
public sealed class PeopleDirectoryTests : IAsyncLifetime
{
    /// <summary>Someone Slack's users.info does not know (a guest, or Slack not answering): only the bot's own memory names them.</summary>
    private const string Carol = "UCAROL001";

    private readonly TempDatabase _database = new();
    private SlackHarness _slack = null!;

    public async Task InitializeAsync() => _slack = await SlackHarness.StartAsync(_database);

    public async Task DisposeAsync()
    {
        await _slack.DisposeAsync();
        _database.Dispose();
    }

    [Fact]
    public async Task A_handle_learnt_before_a_restart_is_the_same_after_it()
    {
        await _slack.CommandAsync("start sev2 checkout errors");
        var room = await _slack.RoomAsync(1);
        var took = await _slack.CommandAsync("role commander me", Carol, room.Id, "carol");
        Assert.Contains("@carol", took["text"]!.GetValue<string>(), StringComparison.Ordinal);

        await _slack.RestartAsync();

        // Slack sends only her id in a message event; the bot names her as it did before the restart.
        (await _slack.EventAsync(SlackHarness.Message(room.Id, Carol, "<@UCAROL001> here: rolling back deploy 4411", "1764583200.000100"))).Dispose();
        JsonElement entry = default;
        await SlackHarness.EventuallyAsync(async () =>
        {
            var timeline = (await new ChatRoom(_slack.Client).GetJsonAsync("/api/incidents/INC-0001/timeline")).EnumerateArray();
            entry = timeline.FirstOrDefault(e => e.GetProperty("text").GetString()!.Contains("rolling back", StringComparison.Ordinal));
            return entry.ValueKind == JsonValueKind.Object;
        }, "her message on the timeline");
        Assert.Equal("carol", entry.GetProperty("actor").GetString());
        Assert.Equal("@carol here: rolling back deploy 4411", entry.GetProperty("text").GetString());

        // And the commander the lifecycle knows: recovery needs one, and it is still her.
        var recovering = await _slack.CommandAsync("recover", Carol, room.Id, "carol");
        Assert.Equal("in_channel", recovering["response_type"]!.GetValue<string>());
        Assert.Equal("recovering", (await _slack.IncidentAsync("INC-0001")).GetProperty("phase").GetString());
        Assert.Equal("carol", (await _slack.IncidentAsync("INC-0001")).GetProperty("roles").GetProperty("commander").GetString());
    }
}
