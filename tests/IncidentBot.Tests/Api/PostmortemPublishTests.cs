using IncidentBot.Tests.Support;
using IncidentBot.Workflows.Postmortems;

namespace IncidentBot.Tests.Api;

/// <summary>A published postmortem leaves the bot as a Markdown file with a stable name, written once it is final.</summary>
public sealed class PostmortemPublishTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("published-").FullName;
    private readonly TempDatabase _database = new();
    private readonly BotFactory _factory;
    private readonly ChatRoom _room;

    public PostmortemPublishTests()
    {
        _factory = new BotFactory(("Storage:Sqlite:Path", _database.Path), ("Postmortem:PublishDirectory", _folder));
        _room = new ChatRoom(_factory.CreateClient());
    }

    public void Dispose()
    {
        _factory.Dispose();
        _database.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Publishing_writes_the_final_markdown_to_the_publish_directory_and_says_where()
    {
        foreach (var line in new[]
        {
            "/incident start sev2 checkout errors", "/incident role commander me", "/incident impact none: the failing path was behind a feature flag nobody had on",
            "/incident detected-by monitoring error-rate alert", "/incident recover", "/incident mitigated rolled back", "/incident verified",
            "/incident reviewer @carol",
        })
        {
            await _room.Say(line).ExpectOk();
        }

        foreach (var section in PostmortemSections.Required)
        {
            await _room.Say($"/incident postmortem write {section} what we learned about {section}").ExpectOk();
        }

        await _room.Say("/incident postmortem review").ExpectOk();
        Assert.Empty(Directory.GetFiles(_folder)); // nothing leaves the bot before it is final
        await _room.Say("/incident postmortem approve", "carol").ExpectOk();
        await _room.Say("/incident postmortem publish").ExpectReply("goes to the publish folder as INC-0001.md");

        var file = Path.Combine(_folder, "INC-0001.md");
        await Eventually.HoldsAsync(() => File.Exists(file), "the published file");
        var text = await File.ReadAllTextAsync(file);
        Assert.StartsWith("# Postmortem: INC-0001 checkout errors", text, StringComparison.Ordinal);
        Assert.Contains("what we learned about root-cause", text, StringComparison.Ordinal);
        Assert.DoesNotContain("✏️", text, StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(_folder));
    }
}
