using IncidentBot.Runbooks;
using IncidentBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IncidentBot.Tests.Runbooks;

/// <summary>"Source:" names a place a responder can open: the path in the repository, or its web link; never the build's copy.</summary>
public sealed class RunbookSourceTests : IDisposable
{
    private const string DiskFull = """
        ---
        id: disk-full
        title: A host's disk is full
        summary: Writes fail because a volume is at 100%.
        match:
          keywords: ["disk full"]
        ---

        Written from a night when /var filled up.

        ## 1. Find the full volume

        List the volumes, then the largest folders.

        ```sh
        df -h
        ```

        ```sh
        sudo du -xh /var | sort -h | tail
        ```

        **Expect:** one volume at or near 100%.

        **If not:** the disk is not full: escalate to the host owner.

        ## 2. Delete rotated logs

        Remove compressed logs older than a week.

        ```sh
        sudo find /var/log -name '*.gz' -mtime +7 -delete
        ```

        **Expect:** usage drops under 85%.

        **If not:** escalate to the host owner.

        **Destructive:** yes
        """;

    private readonly TempDatabase _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task ShippedRunbookStep_NamesItsRepositoryPath_NotTheCopyUnderBin()
    {
        using var factory = new BotFactory();
        var room = new ChatRoom(factory.CreateClient());
        await room.Say("/incident start sev2 too many connections on the orders db").ExpectOk();

        var step = await room.Say("/incident runbook db-connection-storm INC-0001").ExpectReply("step 1/7");
        var source = (await room.GetJsonAsync("/api/runbooks/db-connection-storm")).GetProperty("source").GetString()!;

        var context = step.GetProperty("context").EnumerateArray().Select(c => c.GetString()!).ToList();
        Assert.Contains(context, c => c.StartsWith("Source: runbooks/db-connection-storm.md:", StringComparison.Ordinal));
        Assert.All(context, c => Assert.DoesNotContain("/bin/", c, StringComparison.Ordinal));
        Assert.All(context, c => Assert.DoesNotContain(AppContext.BaseDirectory, c, StringComparison.Ordinal));
        Assert.Equal("runbooks/db-connection-storm.md", source);
        Assert.False(Path.IsPathRooted(source));
    }

    [Fact]
    public async Task WithSourceUrl_TheStepAndTheCatalogueLinkToTheRepository_AndEachCommandStandsApart()
    {
        var folder = Path.Combine(_temp.Directory, "runbooks");
        Directory.CreateDirectory(Path.Combine(folder, "storage team"));
        await File.WriteAllTextAsync(Path.Combine(folder, "storage team", "disk-full.md"), DiskFull);
        using var factory = new BotFactory(("Runbooks:Path", folder), ("Runbooks:SourceUrl", "https://git.example.com/ops/runbooks/blob/main"));
        var room = new ChatRoom(factory.CreateClient());

        var runbook = await room.GetJsonAsync("/api/runbooks/disk-full");
        await room.Say("/incident start sev3 disk full on web-1").ExpectOk();
        var step = await room.Say("/incident runbook disk-full INC-0001").ExpectReply("Find the full volume");

        const string Link = "https://git.example.com/ops/runbooks/blob/main/storage%20team/disk-full.md";
        var first = runbook.GetProperty("steps")[0];
        Assert.Equal("runbooks/storage team/disk-full.md", runbook.GetProperty("source").GetString());
        Assert.Equal(Link, runbook.GetProperty("sourceUrl").GetString());
        Assert.Equal("Written from a night when /var filled up.", runbook.GetProperty("introduction").GetString());
        Assert.Equal(["df -h", "sudo du -xh /var | sort -h | tail"], first.GetProperty("commands").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal([false, true], runbook.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("destructive").GetBoolean()));
        Assert.Contains($"Source: {Link} (line {first.GetProperty("line").GetInt32()})", step.GetProperty("context").EnumerateArray().Select(c => c.GetString()));
    }

    [Fact]
    public async Task SourceUrlThatIsNotAnAddress_IsLoggedAndLeftOut()
    {
        var logs = new RecordingLogs();
        using var factory = new BotFactory(("Runbooks:SourceUrl", "git.example.com/ops/runbooks"))
        {
            TestServices = services => services.AddSingleton<ILoggerProvider>(logs),
        };

        var runbook = await new ChatRoom(factory.CreateClient()).GetJsonAsync("/api/runbooks/db-connection-storm");

        Assert.Equal(System.Text.Json.JsonValueKind.Null, runbook.GetProperty("sourceUrl").ValueKind);
        Assert.Equal("runbooks/db-connection-storm.md", runbook.GetProperty("source").GetString());
        Assert.Contains(logs.Lines, l => l.Level == LogLevel.Warning && l.Message.Contains("Runbooks__SourceUrl ignored: 'git.example.com/ops/runbooks' is not an http(s) address", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ProblemsAndLint_StillNameTheFileAsRead_SoItCanBeFixed()
    {
        var folder = Path.Combine(_temp.Directory, "runbooks");
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "a.md"), DiskFull);
        await File.WriteAllTextAsync(Path.Combine(folder, "b.md"), DiskFull);

        var library = await RunbookFiles.LoadAsync(folder, new Uri("https://git.example.com/ops/runbooks/"), CancellationToken.None);

        var kept = Assert.Single(library.Runbooks);
        Assert.Equal("runbooks/a.md", kept.Source);
        Assert.Equal(new Uri("https://git.example.com/ops/runbooks/a.md"), kept.SourceUrl);
        Assert.Equal($"{Path.Combine(folder, "b.md")}:2: id 'disk-full' is already used by {Path.Combine(folder, "a.md")}; this runbook is skipped", Assert.Single(library.Problems).ToString());
    }

    [Theory]
    [InlineData("/srv/ops/runbooks/", "/srv/ops/runbooks/db/storm.md", "runbooks/db/storm.md")]
    [InlineData("/srv/ops/playbooks", "/srv/ops/playbooks/storm.md", "playbooks/storm.md")]
    public void PathOf_IsTheFolderNameAndThePathInsideIt(string folder, string file, string shown) =>
        Assert.Equal(shown, RunbookSources.PathOf(folder, file));

    [Theory]
    [InlineData("https://git.example.com/ops/runbooks/blob/main", "https://git.example.com/ops/runbooks/blob/main/")]
    [InlineData(" http://wiki.local/runbooks/ ", "http://wiki.local/runbooks/")]
    [InlineData("ftp://files.example.com/runbooks/", null)]
    [InlineData("runbooks", null)]
    [InlineData("", null)]
    public void ReadFolderUrl_TakesOnlyAnHttpAddress_EndingInSlash(string text, string? url)
    {
        var (read, problem) = RunbookSources.ReadFolderUrl(text);

        Assert.Equal(url, read?.AbsoluteUri);
        Assert.Equal(url is null && text.Length > 0, problem is not null);
    }
}
