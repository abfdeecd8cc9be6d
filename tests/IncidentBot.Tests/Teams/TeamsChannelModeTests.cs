using IncidentBot.FakeTeams;
using IncidentBot.Tests.Support;
using IncidentBot.Workflows.Chat;
using IncidentBot.Workflows.Incidents;

namespace IncidentBot.Tests.Teams;

/// <summary>
/// Room mode <c>channel</c>: a channel per incident in the team, made through Graph, named within
/// Teams' 50 characters in Latin letters whatever the title's script; a name that is taken gives way
/// to the next; the incident is announced in the incidents channel with where its room is.
/// </summary>
public sealed class TeamsChannelModeTests : IAsyncLifetime
{
    private readonly TempDatabase _database = new();
    private TeamsHarness _teams = null!;

    public async Task InitializeAsync() => _teams = await TeamsHarness.StartAsync(_database, ("Teams:RoomMode", "channel"));

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

    [Fact]
    public async Task A_japanese_title_gets_a_channel_named_in_latin_letters_and_a_taken_name_gives_way_to_the_next()
    {
        const string Title = "決済APIの遅延 after the deploy of checkout service v2 in ap-northeast-1";
        var first = RoomNames.Slug(IncidentId.Parse("INC-0001"), Title, [], 50);
        var second = RoomNames.Slug(IncidentId.Parse("INC-0001"), Title, [], 50, attempt: 2);
        Assert.StartsWith("inc-0001-payments-api-latency-", first, StringComparison.Ordinal);
        Assert.Matches("^[a-z0-9-]{1,50}$", second);
        var taken = _teams.Teams.AddChannel(first);
        await _teams.SayAsync("incident start sev1 " + Title);

        FakeConversation? room = null;
        await Eventually.HoldsAsync(() => (room = _teams.Teams.ChannelNamed(second)) is not null && room.Messages.Count >= 2, "the incident's channel with its card and board");
        Assert.Contains(Title, room!.Messages[0].Text, StringComparison.Ordinal);
        Assert.Contains("Work board", room.Messages[1].Text, StringComparison.Ordinal);
        Assert.Empty(taken.Messages);
        Assert.All(_teams.Teams.Calls.Where(c => c.Path.EndsWith("/channels", StringComparison.Ordinal)), c => Assert.True(c.Body!["displayName"]!.GetValue<string>().Length <= 50));
        Assert.Equal(2, _teams.Teams.Calls.Count(c => c.Path.EndsWith("/channels", StringComparison.Ordinal)));
        Assert.Equal("teams:" + room.Id, (await _teams.IncidentAsync("INC-0001")).GetProperty("channel").GetString());

        // The incidents channel says where the room is; the opener's answer does not promise an invitation.
        await Eventually.HoldsAsync(() => TeamsHarness.Count(_teams.Incidents, second) == 1, "the announcement naming the channel");
        await Eventually.HoldsAsync(() => _teams.AliceChat.Messages.Count == 1, "Alice's answer");
        Assert.Contains("channel of its own", _teams.AliceChat.Messages[0].Text, StringComparison.Ordinal);
        Assert.DoesNotContain("invited", _teams.AliceChat.Messages[0].Text, StringComparison.Ordinal);

        // What is said in the channel is the incident's timeline.
        await _teams.SayAsync("p99 is 4.2 s on the payments API", room, TeamsHarness.Bob);
        var timeline = await new ChatRoom(_teams.Client).GetJsonAsync("/api/incidents/INC-0001/timeline");
        Assert.Contains(timeline.EnumerateArray(), e => e.GetProperty("text").GetString() == "p99 is 4.2 s on the payments API");
        await _teams.QuietAsync();
        Assert.Empty(_teams.Teams.Unexpected);
    }
}
