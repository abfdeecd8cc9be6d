using IncidentBot.Tests.Support;

namespace IncidentBot.Tests.Api;

public sealed class RestartTests : IDisposable
{
    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task AnsweredCommands_SurviveARestart_AndNumbersNeverRepeat()
    {
        using (var first = new BotFactory(("Storage:Sqlite:Path", _database.Path)))
        {
            var room = new ChatRoom(first.CreateClient());
            await room.Say("/incident start db down").ExpectReply("INC-0001");
            await room.Say("/incident note failover at 12:01").ExpectOk();
            await room.Say("/incident start --triage disk full", "bob").ExpectOk();
            await room.Say("/incident dismiss INC-0002 false alarm", "bob").ExpectOk();
        }

        using var second = new BotFactory(("Storage:Sqlite:Path", _database.Path));
        var again = new ChatRoom(second.CreateClient());
        var timeline = await again.GetJsonAsync("/api/incidents/INC-0001/timeline");
        Assert.Equal("failover at 12:01", timeline[2].GetProperty("text").GetString());
        await again.Say("/incident start cdn errors").ExpectReply("INC-0003");
        await again.Say("/incident sev2").ExpectReply("INC-0001");
    }

    [Theory]
    [InlineData("Bot:TimeZone", "Mars/Olympus_Mons", "Bot:TimeZone is not a time zone")]
    [InlineData("Bot:Locale", "fr", "Bot:Locale is en or ja")]
    [InlineData("Storage:Provider", "Oracle", "Storage:Provider 'Oracle' is not known: use Sqlite")]
    public void BadConfiguration_StopsStartUp_WithWhatToFix(string key, string value, string message)
    {
        using var factory = new BotFactory((key, value), ("Storage:Sqlite:Path", _database.Path));

        var error = Record.Exception(() => factory.CreateClient());

        Assert.NotNull(error);
        Assert.Contains(message, error.ToString(), StringComparison.Ordinal);
    }
}
