using IncidentBot.Storage;
using IncidentBot.Tests.Support;

namespace IncidentBot.Tests.Storage;

/// <summary><c>backup</c> while the bot runs, and <c>restore</c> that never overwrites incidents unless told to.</summary>
public sealed class StoreBackupTests : IDisposable
{
    private readonly TempDatabase _database = new();
    private readonly string _folder = Directory.CreateTempSubdirectory("backup-").FullName;

    public void Dispose()
    {
        _database.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task A_backup_taken_while_the_bot_runs_restores_every_incident_and_restore_refuses_to_overwrite_without_force()
    {
        var backup = Path.Combine(_folder, "nightly", "incidentbot-backup.db");
        using (var bot = new BotFactory(("Storage:Sqlite:Path", _database.Path)))
        {
            var room = new ChatRoom(bot.CreateClient());
            await room.Say("/incident start sev2 checkout errors").ExpectOk();
            await room.Say("/incident note error rate 12%").ExpectOk();
            using var output = new StringWriter();
            Assert.Equal(0, await StoreBackup.BackupAsync(_database.Path, backup, output, CancellationToken.None)); // the bot is still running
            Assert.Contains("Backed up 1 incidents", output.ToString(), StringComparison.Ordinal);

            using var again = new StringWriter();
            Assert.Equal(2, await StoreBackup.BackupAsync(_database.Path, backup, again, CancellationToken.None));
            Assert.Contains("exists already", again.ToString(), StringComparison.Ordinal);
            await room.Say("/incident start sev3 after the backup").ExpectOk();
        }

        using (var refused = new StringWriter())
        {
            Assert.Equal(2, await StoreBackup.RestoreAsync(_database.Path, backup, force: false, refused, CancellationToken.None));
            Assert.Contains("--force", refused.ToString(), StringComparison.Ordinal);
        }

        var notAStore = Path.Combine(_folder, "notes.txt");
        await File.WriteAllTextAsync(notAStore, "not a database");
        using (var foreign = new StringWriter())
        {
            Assert.Equal(2, await StoreBackup.RestoreAsync(_database.Path, notAStore, force: true, foreign, CancellationToken.None));
            Assert.Contains("not an IncidentBot store", foreign.ToString(), StringComparison.Ordinal);
        }

        using (var restored = new StringWriter())
        {
            Assert.Equal(0, await StoreBackup.RestoreAsync(_database.Path, backup, force: true, restored, CancellationToken.None));
        }

        using var after = new BotFactory(("Storage:Sqlite:Path", _database.Path));
        var incidents = (await new ChatRoom(after.CreateClient()).GetJsonAsync("/api/incidents?all=true")).EnumerateArray().ToList();
        Assert.Equal("checkout errors", Assert.Single(incidents).GetProperty("title").GetString());
        var timeline = await new ChatRoom(after.CreateClient()).GetJsonAsync("/api/incidents/INC-0001/timeline");
        Assert.Contains(timeline.EnumerateArray(), e => e.GetProperty("text").GetString() == "error rate 12%");
    }

    [Fact]
    public async Task A_backup_taken_under_load_holds_every_note_acknowledged_before_it_started()
    {
        var backup = Path.Combine(_folder, "under-load.db");
        var acknowledged = new System.Collections.Concurrent.ConcurrentQueue<(string Text, long At)>();
        long started;
        using (var bot = new BotFactory(("Storage:Sqlite:Path", _database.Path)))
        {
            var client = bot.CreateClient();
            await new ChatRoom(client).Say("/incident start sev2 backup under load").ExpectOk();
            using var stop = new CancellationTokenSource();
            var writers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
            {
                var room = new ChatRoom(client);
                for (var n = 0; !stop.IsCancellationRequested; n++)
                {
                    var text = $"writer {w} note {n}";
                    await room.Say("/incident note " + text).ExpectOk();
                    acknowledged.Enqueue((text, System.Diagnostics.Stopwatch.GetTimestamp()));
                }
            })).ToList();

            await Eventually.HoldsAsync(() => acknowledged.Count >= 50, "fifty notes acknowledged before the backup");
            started = System.Diagnostics.Stopwatch.GetTimestamp();
            using var output = new StringWriter();
            Assert.Equal(0, await StoreBackup.BackupAsync(_database.Path, backup, output, CancellationToken.None));
            var copied = acknowledged.Count;
            await Eventually.HoldsAsync(() => acknowledged.Count >= copied + 20, "the writers to keep going after the copy");
            await stop.CancelAsync();
            await Task.WhenAll(writers);
        }

        var before = acknowledged.Where(a => a.At < started).Select(a => a.Text).ToList();
        Assert.True(before.Count > 20, $"only {before.Count} notes before the backup: not a load");
        var restoredPath = Path.Combine(_folder, "restored", "incidentbot.db");
        using (var output = new StringWriter())
        {
            Assert.Equal(0, await StoreBackup.RestoreAsync(restoredPath, backup, force: false, output, CancellationToken.None));
        }

        using var restored = new BotFactory(("Storage:Sqlite:Path", restoredPath));
        var timeline = await new ChatRoom(restored.CreateClient()).GetJsonAsync("/api/incidents/INC-0001/timeline");
        var texts = timeline.EnumerateArray().Select(e => e.GetProperty("text").GetString()).ToHashSet();
        Assert.All(before, text => Assert.Contains(text, texts));
    }
}
