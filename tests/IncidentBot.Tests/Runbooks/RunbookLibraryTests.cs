using IncidentBot.Runbooks;
using IncidentBot.Tests.Support;

namespace IncidentBot.Tests.Runbooks;

public sealed class RunbookLibraryTests : IDisposable
{
    private const string Broken = "---\nid: broken\ntitle: t\nsummary: s\nmatch: { keywords: [disk] }\n---\n\n## 1. Look\nLook at it.\n\n**Expect:** something\n\n**If not:** escalate\n";
    private readonly TempDatabase _folder = new();

    public void Dispose() => _folder.Dispose();

    private static string ShippedFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "IncidentBot.sln")))
            {
                return Path.Combine(dir.FullName, "runbooks");
            }
        }

        throw new DirectoryNotFoundException("IncidentBot.sln not found above the test's directory.");
    }

    [Fact]
    public async Task ShippedLibrary_IsClean_AndEveryRunbookHasAtLeastFiveSteps()
    {
        var library = await RunbookFiles.LoadAsync(ShippedFolder(), CancellationToken.None);

        Assert.Empty(library.Problems);
        Assert.Equal(
            ["aurora-failover-stale-connections", "cache-primary-no-failover", "cloud-region-outage", "db-connection-storm", "evidence-before-recovery",
             "kafka-broker-out-of-cluster", "log-shipper-silent-loss", "memcached-saturation", "notification-burst"],
            library.Runbooks.Select(r => r.Id));
        Assert.All(library.Runbooks, r => Assert.True(r.Steps.Count >= 5, $"{r.Id} has {r.Steps.Count} steps"));
        Assert.All(library.Runbooks.SelectMany(r => r.Steps), s => Assert.False(string.IsNullOrWhiteSpace(s.Command)));
    }

    [Fact]
    public async Task ShippedRunbooks_NeverNameTheWriteUpsTheyWereMadeFrom()
    {
        // "seed 004" means nothing to a responder; the runbooks tell the case in plain words instead.
        var seed = new System.Text.RegularExpressions.Regex(@"\bseeds?\W{0,3}\d", System.Text.RegularExpressions.RegexOptions.IgnoreCase);
        var library = await RunbookFiles.LoadAsync(ShippedFolder(), CancellationToken.None);
        var shown = library.Runbooks.SelectMany(r => new[] { r.Title, r.Summary, r.Introduction }
            .Concat(r.Steps.SelectMany(s => new[] { s.Title, s.Action, s.Command ?? "", s.Expected, s.IfNot }))
            .Select(text => (r.Id, Text: text)));
        var files = Directory.EnumerateFiles(ShippedFolder(), "*.md").Select(f => (Id: Path.GetFileName(f), Text: File.ReadAllText(f)));

        var named = shown.Concat(files).Where(t => seed.IsMatch(t.Text)).Select(t => $"{t.Id}: {seed.Match(t.Text).Value}").ToList();

        Assert.Equal(8, library.Runbooks.Count(r => r.Introduction.Length > 0)); // the introductions are read, and so checked
        Assert.Empty(named);
    }

    [Fact]
    public async Task Lint_PrintsFileAndLine_AndFailsOnAnyProblem()
    {
        await File.WriteAllTextAsync(Path.Combine(_folder.Directory, "broken.md"), Broken);
        using var output = new StringWriter();

        var exit = await RunbookLint.RunAsync(_folder.Directory, output, CancellationToken.None);

        Assert.Equal(1, exit);
        Assert.Contains($"{Path.Combine(_folder.Directory, "broken.md")}:8: step 1 has no command", output.ToString(), StringComparison.Ordinal);
        using var clean = new StringWriter();
        Assert.Equal(0, await RunbookLint.RunAsync(ShippedFolder(), clean, CancellationToken.None));
        Assert.Contains("9 runbooks", clean.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MalformedRunbook_DoesNotStopTheBot_AndReadinessSaysWhere()
    {
        await File.WriteAllTextAsync(Path.Combine(_folder.Directory, "broken.md"), Broken);
        File.Copy(Path.Combine(ShippedFolder(), "db-connection-storm.md"), Path.Combine(_folder.Directory, "db-connection-storm.md"));
        using var factory = new BotFactory(("Runbooks:Path", _folder.Directory));
        var room = new ChatRoom(factory.CreateClient());

        var ready = await room.GetJsonAsync("/readyz");
        await room.Say("/incident start too many connections on the orders db").ExpectReply("`db-connection-storm`");

        Assert.Equal(1, ready.GetProperty("runbooks").GetProperty("loaded").GetInt32());
        Assert.Contains("broken.md:8: step 1 has no command", ready.GetProperty("runbooks").GetProperty("problems")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BotStartsWithTheShippedLibrary_ByDefault()
    {
        using var factory = new BotFactory();
        var ready = await new ChatRoom(factory.CreateClient()).GetJsonAsync("/readyz");

        Assert.Equal(9, ready.GetProperty("runbooks").GetProperty("loaded").GetInt32());
    }
}
