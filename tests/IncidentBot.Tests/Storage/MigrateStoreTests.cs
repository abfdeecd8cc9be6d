using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using IncidentBot.Demo;
using IncidentBot.Runbooks;
using IncidentBot.Storage;
using IncidentBot.Storage.Migrate;
using IncidentBot.Storage.Postgres;
using IncidentBot.Tests.Support;
using IncidentBot.WarRoom;
using IncidentBot.Workflows.Alerts;
using IncidentBot.Workflows.Chat;
using IncidentBot.Workflows.Commands;
using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Incidents.Events;
using IncidentBot.Workflows.Outbox;
using IncidentBot.Workflows.People;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace IncidentBot.Tests.Storage;

/// <summary><c>migrate-store --to postgres</c> from a real SQLite file into a real PostgreSQL database of the test's own.</summary>
public sealed class MigrateStoreTests : IAsyncDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset SubMicrosecond = new DateTimeOffset(2026, 1, 5, 12, 0, 0, TimeSpan.Zero).AddTicks(1_234_567);
    private readonly TempDatabase _sqlite = new();
    private TempPostgresDatabase? _postgres;

    public async ValueTask DisposeAsync()
    {
        _sqlite.Dispose();
        await (_postgres?.DisposeAsync() ?? ValueTask.CompletedTask);
    }

    [Fact]
    public async Task A_demo_store_reads_back_the_same_from_PostgreSQL_and_numbering_goes_on_after_it()
    {
        await using (var store = await SqliteAsync())
        {
            await PlayDemoAsync(store);
            await AddEveryKindOfRowAsync(store);
        }

        await SqliteScalarAsync("CREATE TABLE QRTZ_LOCKS (SCHED_NAME TEXT, LOCK_NAME TEXT); SELECT 1"); // the reminder scheduler's job store shares the file

        var postgres = await PostgresAsync();
        using var output = new StringWriter();
        // Trust authentication ignores the password; it is there to show it is never printed.
        Assert.Equal(0, await StoreMigration.MigrateAsync(_sqlite.Path, postgres.ConnectionString + ";Password=hunter2", TimeProvider.System, output, None));

        var printed = output.ToString();
        Assert.DoesNotContain("hunter2", printed, StringComparison.Ordinal);
        Assert.Contains("Password=***", printed, StringComparison.Ordinal);
        Assert.Contains("events hash sha256:", printed, StringComparison.Ordinal);
        Assert.Contains("start the bot with Storage__Provider=Postgres", printed, StringComparison.Ordinal);
        await using var before = await SqliteAsync();
        await using var after = new PostgresIncidentStore(postgres.DataSource());
        await after.InitializeAsync(None);
        Assert.Equal(await SnapshotAsync(before), await SnapshotAsync(after));
        foreach (var table in MigratedTables.All)
        {
            Assert.Equal(await SqliteScalarAsync($"SELECT count(*) FROM \"{table.Name}\""), await PostgresCountAsync(table.Name));
        }

        Assert.Equal(SubMicrosecond.UtcTicks - 7, (await after.HeartbeatsAsync(None)).Single(h => h.Name == "nightly").LastSeen.UtcTicks); // PostgreSQL keeps microseconds
        var opened = await after.OpenAsync([new IncidentOpened { Title = "after the move", Actor = "alice", At = DateTimeOffset.UtcNow }], null, null, None);
        Assert.Equal(4, opened[0].Incident.Number);
        await after.EnqueueAsync([new OutboxMessage("slack:C9", "post", "{}")], None);
        var outboxIds = (long)await SqliteScalarAsync("SELECT seq FROM sqlite_sequence WHERE name = 'outbox'");
        Assert.True(outboxIds > (long)await SqliteScalarAsync("SELECT max(id) FROM outbox"), "the newest outbox message was delivered (deleted)");
        Assert.Equal(outboxIds + 1, Assert.Single(await after.QueueAsync("slack:C9", 5, None)).Id); // its id is in a Slack post's metadata: never given again
        await after.AppendAsync([new ConversationEntry(0, "web", DateTimeOffset.UtcNow, "carol", "/incident list", "{}", ConversationPrivacy.Public)], None);
        Assert.Equal(3, (await after.ReadAsync("web", 0, long.MaxValue, 10, null, None))[^1].Seq);
    }

    [Fact]
    public async Task A_target_that_holds_any_row_is_refused_and_left_as_it_was()
    {
        await using (var store = await SqliteAsync())
        {
            await store.OpenAsync([new IncidentOpened { Title = "db down", Actor = "alice", At = SubMicrosecond }], null, null, None);
        }

        var postgres = await PostgresAsync();
        await using (var bot = new PostgresIncidentStore(postgres.DataSource()))
        {
            await bot.InitializeAsync(None);
            await bot.RememberAsync(new Person("slack", "U1", "alice"), None);
        }

        using var output = new StringWriter();
        Assert.Equal(1, await StoreMigration.MigrateAsync(_sqlite.Path, postgres.ConnectionString, TimeProvider.System, output, None));

        var line = Assert.Single(output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("refuses to overwrite a non-empty target: people", line, StringComparison.Ordinal);
        Assert.Equal(0, await PostgresCountAsync("incidents"));
        Assert.Equal(1, await PostgresCountAsync("people"));
    }

    [Fact]
    public async Task Without_a_connection_string_or_a_usable_file_it_says_what_to_do_in_one_line()
    {
        var missing = await RunAsync(["--to", "postgres"], _sqlite.Path, null);
        Assert.Equal(2, missing.Code);
        Assert.StartsWith("migrate-store: set ConnectionStrings__Postgres", Assert.Single(missing.Lines), StringComparison.Ordinal);
        Assert.Equal(2, (await RunAsync(["--to", "mysql"], _sqlite.Path, "Host=x")).Code);
        Assert.Contains("no store at", (await RunAsync(["--to", "postgres", "--from", _sqlite.Path + ".nope"], _sqlite.Path, "Host=x")).Lines[0], StringComparison.Ordinal);

        var old = Path.Combine(_sqlite.Directory, "old.db");
        await using (var connection = new SqliteConnection($"Data Source={old};Pooling=False"))
        {
            await connection.OpenAsync();
            await SqliteMigrations.MigrateAsync(connection, 5, None);
        }

        var refused = await RunAsync(["--to", "postgres", "--from", old], _sqlite.Path, "Host=x");
        Assert.Equal(2, refused.Code);
        Assert.Contains("schema version 5", Assert.Single(refused.Lines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_copy_that_differs_from_the_store_is_rolled_back_naming_what_differs()
    {
        await using (var store = await SqliteAsync())
        {
            foreach (var title in new[] { "db down", "checkout errors" })
            {
                await store.OpenAsync([new IncidentOpened { Title = title, Actor = "alice", At = SubMicrosecond }], null, null, None);
            }

            await store.RememberAsync(new Person("slack", "U1", "alice"), None);
            await store.RememberAsync(new Person("slack", "U2", "bob"), None);
        }

        // A target that changes what it is given: one event's payload, then one person dropped.
        var postgres = await PostgresAsync();
        await using (var source = postgres.DataSource())
        {
            await PostgresMigrations.MigrateAsync(source, None);
        }

        await PostgresScalarAsync("""
            CREATE FUNCTION tamper() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.payload := NEW.payload || ' '; RETURN NEW; END $$;
            CREATE FUNCTION drop_row() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$;
            CREATE TRIGGER tamper BEFORE INSERT ON events FOR EACH ROW WHEN (NEW.incident = 2) EXECUTE FUNCTION tamper();
            """);
        var changed = await RunAsync(["--to", "postgres"], _sqlite.Path, postgres.ConnectionString);
        Assert.Equal(1, changed.Code);
        Assert.Contains("the events of INC-0002 differ", Assert.Single(changed.Lines), StringComparison.Ordinal);

        await PostgresScalarAsync("DROP TRIGGER tamper ON events; CREATE TRIGGER drop_row BEFORE INSERT ON people FOR EACH ROW WHEN (NEW.user_id = 'U2') EXECUTE FUNCTION drop_row();");
        var dropped = await RunAsync(["--to", "postgres"], _sqlite.Path, postgres.ConnectionString);
        Assert.Equal(1, dropped.Code);
        Assert.Contains("people has 2 rows in SQLite and 1 in PostgreSQL; rolled back", Assert.Single(dropped.Lines), StringComparison.Ordinal);
        foreach (var table in MigratedTables.All)
        {
            Assert.Equal(0, await PostgresCountAsync(table.Name));
        }

        await PostgresScalarAsync("DROP TRIGGER drop_row ON people");
        Assert.Equal(0, (await RunAsync(["--to", "postgres"], _sqlite.Path, postgres.ConnectionString)).Code);
        Assert.Equal(2, await PostgresCountAsync("incidents"));
    }

    /// <summary>A table added to either schema must be added to the migration's list (or named as not copied), with the same columns on both sides.</summary>
    [Fact]
    public async Task The_table_list_is_every_table_of_both_schemas()
    {
        await (await SqliteAsync()).DisposeAsync();
        var copied = MigratedTables.All.Select(t => t.Name).Order().ToList();
        var sqliteTables = (string)await SqliteScalarAsync("SELECT group_concat(name) FROM sqlite_master WHERE type = 'table'");
        Assert.Equal(copied, sqliteTables.Split(',').Where(t => !MigratedTables.IsNotCopied(t)).Order());
        await using (var source = await SqliteSource.OpenAsync(_sqlite.Path, None))
        {
            Assert.Null(await source.ProblemAsync(None));
        }

        var postgres = await PostgresAsync();
        await using var data = postgres.DataSource();
        await PostgresMigrations.MigrateAsync(data, None);
        var postgresTables = (string)await PostgresScalarAsync("SELECT string_agg(table_name::text, ',') FROM information_schema.tables WHERE table_schema = current_schema()");
        Assert.Equal(copied, postgresTables.Split(',').Where(t => !MigratedTables.IsNotCopied(t)).Order());
        await using var connection = await data.OpenConnectionAsync();
        Assert.Null(await PostgresTarget.ColumnProblemAsync(connection, None));
    }

    /// <summary>The demo's own script on the real command path, as <c>DemoScript.RunAsync</c> plays it, but into this test's file (the demo's store is a temporary file it deletes).</summary>
    private static async Task PlayDemoAsync(SqliteIncidentStore store)
    {
        var script = ((string Time, string User, string Text)[])typeof(DemoScript).GetField("Script", BindingFlags.NonPublic | BindingFlags.Static)!.GetValue(null)!;
        var reading = typeof(DemoScript).GetMethod("ReadAsync", BindingFlags.NonPublic | BindingFlags.Static)!;
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");
        var day = new DateTime(2021, 2, 19);
        var clock = new ScriptedClock(new DateTimeOffset(day, zone.GetUtcOffset(day)));
        var dispatcher = new CommandDispatcher(store, clock, zone, [], await RunbookFiles.LoadAsync(RunbookFiles.DefaultPath, None));
        foreach (var (time, user, text) in script)
        {
            clock.Now = new DateTimeOffset(day + TimeSpan.Parse(time, CultureInfo.InvariantCulture), zone.GetUtcOffset(day));
            _ = user == "cloudwatch"
                ? await (Task<BotMessage>)reading.Invoke(null, [dispatcher, text, clock.Now, None])!
                : await dispatcher.HandleAsync(new CommandRequest(text, user, RoomAddress.Local("demo-war-room")), None);
        }

        Assert.Equal(Phase.Closed, Assert.Single(await store.ListAsync(true, None)).Phase);
        await dispatcher.HandleAsync(new CommandRequest("/incident start sev1 checkout errors", "bob", RoomAddress.Local("ops"), "api:bob:1"), None);
    }

    /// <summary>A row in every other table, through the store's own writes, with the values that need converting (flags, empty times, a time finer than a microsecond, a deleted outbox id).</summary>
    private static async Task AddEveryKindOfRowAsync(SqliteIncidentStore store)
    {
        await store.OpenAsync([new IncidentOpened { Title = "nightly backup silent", Actor = "incidentbot", At = SubMicrosecond, Source = "heartbeat" }], _ => new Delivery("heartbeat:nightly", "{\"opened\":3}"), null, None);
        await store.RememberAsync(new Person("slack", "U1", "alice"), None);
        await store.RememberAsync(new Person("teams", "29:bob", "bob"), None);
        await store.RememberPlaceAsync(new ChatPlace(new RoomAddress("teams", "19:ops@thread") { ServiceUrl = "https://smba.example/", Tenant = "t1" }, "channel", "Ops"), None);
        await store.BeatAsync("Watchdog", SubMicrosecond.AddMinutes(-30), TimeSpan.FromMinutes(10), None);
        await store.BeatAsync("nightly", SubMicrosecond, null, None);
        Assert.True(await store.ClaimSilenceAsync("Watchdog", SubMicrosecond.AddMinutes(-30), SubMicrosecond.AddMinutes(-20), SubMicrosecond, SubMicrosecond.AddMinutes(-5), None));
        await store.MarkReportedAsync("Watchdog", SubMicrosecond.AddMinutes(-20), None);
        await store.AppendAsync([
            new ConversationEntry(0, "web", SubMicrosecond, "alice", "/incident note x", "{\"text\":\"Noted\"}", ConversationPrivacy.ReplyToSender) { RequestKey = "api:alice:7" },
            new ConversationEntry(0, "web", SubMicrosecond, "bob", "/incident help", "{\"text\":\"help\"}", ConversationPrivacy.Public)], None);
        await store.EnqueueAsync([new OutboxMessage("slack:C1", "post", "{\"n\":1}"), new OutboxMessage("slack:C1", "card", "{\"n\":2}") { CoalesceKey = "card:INC-0002", Version = 4 }, new OutboxMessage("slack:C2", "post", "{}")], None);
        var heads = await store.HeadsAsync(None);
        await store.RetryLaterAsync(heads[0].Id, heads[0].Lease, SubMicrosecond, "ratelimited", true, None);
        await store.SaveProgressAsync(heads[0].Id, heads[0].Lease, "{\"step\":2}", None);
        await store.DeliveredAsync(heads[1].Id, heads[1].Lease, null, SubMicrosecond, None);
        await store.SavePostedAsync(new PostedMessage("slack:card:INC-0002", "C1", "1700000000.000100", "abc"), None);
        await store.SaveGroupAsync("alertname=BackupMissing", new IncidentId(3), SubMicrosecond, None);
    }

    /// <summary>Everything the bot reads back through a store, as text (times to the microsecond, as PostgreSQL keeps them).</summary>
    private static async Task<string> SnapshotAsync<TStore>(TStore store)
        where TStore : IIncidentStore, IOutboxStore, IPeopleStore, IHeartbeatStore, IPlacesStore, IConversationStore, IAlertGroupStore
    {
        var parts = new List<object?>();
        foreach (var summary in await store.ListAsync(true, None))
        {
            var events = await store.ReadAsync(summary.Id, 0, None);
            parts.AddRange([summary, events, IncidentSummary.Of(Incident.Replay(summary.Id, events))]);
        }

        parts.AddRange([await store.PageAsync(false, 1, null, None), await store.StatsAsync(None), await store.FindByRoomAsync(RoomAddress.Local("ops"), None)]);
        parts.AddRange([await store.FindDeliveryAsync("heartbeat:nightly", None), await store.FindDeliveryAsync("api:bob:1", None)]);
        parts.AddRange([(await store.PeopleAsync(None)).OrderBy(p => p.UserId, StringComparer.Ordinal), await store.PlacesAsync("teams", None), await store.HeartbeatsAsync(None)]);
        parts.AddRange([await store.ReadAsync("web", 0, long.MaxValue, 50, "alice", None), await store.ReadAsync("web", 0, long.MaxValue, 50, null, None)]);
        parts.AddRange([await store.QueueAsync("slack:C1", 10, None), await store.QueueAsync("slack:C2", 10, None), await store.DepthAsync(None), await store.FindPostedAsync("slack:card:INC-0002", None)]);
        parts.Add(await store.FindGroupAsync("alertname=BackupMissing", None));
        return string.Join('\n', parts.Select(p => JsonSerializer.Serialize(p, Json)));
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerOptions.Web) { Converters = { new JsonStringEnumConverter(), new MicrosecondTimes() } };

    private sealed class MicrosecondTimes : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => throw new NotSupportedException();

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteStringValue(MigratedColumn.Microseconds(value).ToString("O", CultureInfo.InvariantCulture));
    }

    private async Task<SqliteIncidentStore> SqliteAsync()
    {
        var store = new SqliteIncidentStore(_sqlite.Path);
        await store.InitializeAsync(None);
        return store;
    }

    private async Task<TempPostgresDatabase> PostgresAsync() => _postgres ??= await TempPostgresDatabase.CreateAsync();

    private static async Task<(int Code, string[] Lines)> RunAsync(string[] args, string store, string? connectionString)
    {
        using var output = new StringWriter();
        var code = await StoreMigration.RunAsync(args, store, connectionString, TimeProvider.System, output, None);
        return (code, output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    private async Task<object> SqliteScalarAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={_sqlite.Path};Pooling=False");
        await connection.OpenAsync();
        await using var command = new SqliteCommand(sql, connection);
        return (await command.ExecuteScalarAsync())!;
    }

    private async Task<long> PostgresCountAsync(string table) => (long)await PostgresScalarAsync($"SELECT count(*) FROM \"{table}\"");

    private async Task<object> PostgresScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_postgres!.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync() ?? DBNull.Value;
    }
}
