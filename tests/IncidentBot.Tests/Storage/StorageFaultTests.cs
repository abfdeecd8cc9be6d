using System.Net;
using System.Text.Json;
using IncidentBot.Storage;
using IncidentBot.Tests.Support;
using IncidentBot.Workflows.Incidents;
using Microsoft.Data.Sqlite;

namespace IncidentBot.Tests.Storage;

/// <summary>
/// Storage faults made for real (a full tmpfs, a read-only remount, a lock held by a second connection):
/// the typist is told what failed and what to do, readiness says not ready with the reason, and once the
/// fault clears the bot records again without a restart; nothing acknowledged before is lost.
/// </summary>
public sealed class StorageFaultTests
{
    [Fact]
    public async Task A_full_disk_is_explained_reported_by_readiness_and_metrics_and_left_behind_when_space_returns()
    {
        using var volume = SmallVolume.Mount(4);
        using var factory = new BotFactory(("Storage:Sqlite:Path", volume.Path("incidentbot.db")));
        var room = new ChatRoom(factory.CreateClient());
        await room.Say("/incident start sev2 the disk fills up").ExpectOk();
        volume.Fill();

        var (acknowledged, refusal) = await NotesUntilRefusedAsync(room);
        Assert.Contains("Nothing was recorded: the disk that holds the bot's database", refusal, StringComparison.Ordinal);
        Assert.Contains(volume.Path("incidentbot.db"), refusal, StringComparison.Ordinal);
        var (status, ready) = await ReadyAsync(room);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("DiskFull", ready.GetProperty("store").GetString());
        using (var put = await room.Client.PutAsync(new Uri("/api/incidents/INC-0001/postmortem/sections/trigger?user=alice", UriKind.Relative), new StringContent("a config change", System.Text.Encoding.UTF8, "text/markdown")))
        {
            // Not a command: the API answers 503 with the same sentence, never an error page.
            Assert.Equal(HttpStatusCode.ServiceUnavailable, put.StatusCode);
            Assert.Contains("the disk that holds the bot's database", await put.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var metrics = await room.Client.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Contains("incidentbot_store_writable 0", metrics, StringComparison.Ordinal);
        Assert.Contains("incidentbot_store_write_failures_total{fault=\"DiskFull\"}", metrics, StringComparison.Ordinal);

        volume.Free();

        Assert.Equal(HttpStatusCode.OK, (await ReadyAsync(room)).Status); // a probe write finds the space: no restart, no command needed
        await room.Say("/incident note space is back").ExpectOk();
        await AssertTimelineHoldsAsync(room, [.. acknowledged, "space is back"]);
    }

    [Fact]
    public async Task A_database_on_a_read_only_volume_is_refused_at_start_with_the_reason_and_opens_once_writable()
    {
        // Linux will not remount a volume read-only while the bot has its files open for writing, so
        // this fault is met where operators meet it: a restart onto a read-only mount.
        using var volume = SmallVolume.Mount(16);
        using (var factory = new BotFactory(("Storage:Sqlite:Path", volume.Path("incidentbot.db"))))
        {
            var room = new ChatRoom(factory.CreateClient());
            await room.Say("/incident start sev2 before the volume turned read-only").ExpectOk();
        }

        SqliteConnection.ClearAllPools();
        volume.ReadOnly();
        var refused = await Assert.ThrowsAsync<StoreUnavailableException>(() => new SqliteIncidentStore(volume.Path("incidentbot.db")).InitializeAsync(CancellationToken.None));
        Assert.Equal(StoreFault.ReadOnly, refused.Fault);
        Assert.Contains("cannot be written (read-only)", StoreFaultText.Sentence(refused), StringComparison.Ordinal);

        volume.Writable();
        using var again = new BotFactory(("Storage:Sqlite:Path", volume.Path("incidentbot.db")));
        var after = new ChatRoom(again.CreateClient());
        await after.Say("/incident note after the remount INC-0001").ExpectOk();
        await AssertTimelineHoldsAsync(after, ["after the remount"]);
    }

    [Fact]
    public async Task A_lock_held_by_another_process_past_the_busy_timeout_is_explained_and_released_writes_work()
    {
        using var database = new TempDatabase();
        using var factory = new BotFactory(("Storage:Sqlite:Path", database.Path), ("Storage:Sqlite:BusyTimeoutSeconds", "1"));
        var room = new ChatRoom(factory.CreateClient());
        await room.Say("/incident start sev2 someone holds the lock").ExpectOk();

        await using (var other = new SqliteConnection($"Data Source={database.Path};Pooling=False"))
        {
            await other.OpenAsync();
            await using (var begin = other.CreateCommand())
            {
                begin.CommandText = "BEGIN EXCLUSIVE";
                await begin.ExecuteNonQueryAsync();
            }

            await room.Say("/incident note while locked").ExpectRefusal("another process is holding the bot's database");
            Assert.Equal("Locked", (await ReadyAsync(room)).Body.GetProperty("store").GetString());
        }

        Assert.Equal(HttpStatusCode.OK, (await ReadyAsync(room)).Status);
        await room.Say("/incident note after the lock").ExpectOk();
        var timeline = await room.GetJsonAsync("/api/incidents/INC-0001/timeline");
        Assert.DoesNotContain(timeline.EnumerateArray(), e => e.GetProperty("text").GetString() == "while locked");
    }

    [Fact]
    public async Task A_file_that_is_not_a_database_or_is_another_programs_is_refused_at_start_and_left_untouched()
    {
        using var database = new TempDatabase();
        await File.WriteAllTextAsync(database.Path, "these are somebody's notes, not a database\n" + new string('x', 4096));
        var before = await File.ReadAllBytesAsync(database.Path);

        var garbage = await Assert.ThrowsAsync<StoreUnavailableException>(() => new SqliteIncidentStore(database.Path).InitializeAsync(CancellationToken.None));
        Assert.Equal(StoreFault.Damaged, garbage.Fault);
        Assert.Contains($"the bot's database ({database.Path}) is damaged or is not the bot's", StoreFaultText.Sentence(garbage), StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllBytesAsync(database.Path));

        File.Delete(database.Path);
        await using (var other = new SqliteConnection($"Data Source={database.Path};Pooling=False"))
        {
            await other.OpenAsync();
            await using var create = other.CreateCommand();
            create.CommandText = "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO customers (name) VALUES ('a')";
            await create.ExecuteNonQueryAsync();
        }

        var foreign = await Assert.ThrowsAsync<StoreUnavailableException>(() => new SqliteIncidentStore(database.Path).InitializeAsync(CancellationToken.None));
        Assert.True(StoreFaultText.Sentence(foreign).Contains("another program's SQLite database (tables customers)", StringComparison.Ordinal), StoreFaultText.Sentence(foreign));
        await using var check = new SqliteConnection($"Data Source={database.Path};Pooling=False");
        await check.OpenAsync();
        await using var tables = check.CreateCommand();
        tables.CommandText = "SELECT group_concat(name) FROM sqlite_master WHERE type = 'table'";
        Assert.Equal("customers", await tables.ExecuteScalarAsync());
    }

    private static async Task<(List<string> Acknowledged, string Refusal)> NotesUntilRefusedAsync(ChatRoom room)
    {
        var acknowledged = new List<string>();
        for (var i = 0; i < 5000; i++)
        {
            var text = $"note {i} " + new string('n', 200);
            var reply = await room.Say("/incident note " + text).Reply();
            if (!reply.GetProperty("ok").GetBoolean())
            {
                return (acknowledged, reply.GetProperty("text").GetString()!);
            }

            acknowledged.Add(text);
        }

        throw new InvalidOperationException("5,000 notes fitted on a full volume: the disk never filled.");
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> ReadyAsync(ChatRoom room)
    {
        using var response = await room.Client.GetAsync(new Uri("/readyz", UriKind.Relative));
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    private static async Task AssertTimelineHoldsAsync(ChatRoom room, IReadOnlyList<string> notes)
    {
        var timeline = await room.GetJsonAsync("/api/incidents/INC-0001/timeline");
        var texts = timeline.EnumerateArray().Select(e => e.GetProperty("text").GetString()).ToHashSet();
        Assert.All(notes, note => Assert.Contains(note, texts));
    }
}
