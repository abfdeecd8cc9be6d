using IncidentBot.Storage;
using IncidentBot.Tests.Support;
using IncidentBot.Workflows.Chat;
using IncidentBot.Workflows.Incidents;
using Microsoft.Data.Sqlite;

namespace IncidentBot.Tests.Storage;

public sealed class SqliteMigrationsTests : IDisposable
{
    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task OldFile_IsUpgradedInPlace_AndKeepsItsIncidents()
    {
        await using (var connection = new SqliteConnection($"Data Source={_database.Path}"))
        {
            await connection.OpenAsync();
            await SqliteMigrations.MigrateAsync(connection, 1, CancellationToken.None);
            await using var insert = connection.CreateCommand();
            insert.CommandText = """
                INSERT INTO incidents (title, phase, opened_at, updated_at, version) VALUES ('from v1', 'detected', '2026-01-01T00:00:00.0000000+00:00', '2026-01-01T00:00:00.0000000+00:00', 1);
                INSERT INTO events VALUES (1, 1, '0194a1b2-0000-7000-8000-000000000001', 'opened', 'alice', '2026-01-01T00:00:00.0000000+00:00',
                  '{"type":"opened","title":"from v1","source":"person","actor":"alice","at":"2026-01-01T00:00:00+00:00"}');
                """;
            await insert.ExecuteNonQueryAsync();
            Assert.Equal(1, await SqliteMigrations.ReadVersionAsync(connection, CancellationToken.None));
        }

        await using var store = new SqliteIncidentStore(_database.Path);
        await store.InitializeAsync(CancellationToken.None);

        var events = await store.ReadAsync(new IncidentId(1), 0, CancellationToken.None);
        Assert.Equal("from v1", Incident.Replay(new IncidentId(1), events).Title);
        Assert.Equal(1, Assert.Single(await store.StatsAsync(CancellationToken.None)).Number);
        var next = await store.OpenAsync([new Workflows.Incidents.Events.IncidentOpened { Actor = "bob", At = DateTimeOffset.UnixEpoch, Title = "after upgrade" }], null, null, CancellationToken.None);
        Assert.Equal(2, next[0].Incident.Number);
        await using var check = new SqliteConnection($"Data Source={_database.Path}");
        await check.OpenAsync();
        Assert.Equal(SqliteMigrations.Latest, await SqliteMigrations.ReadVersionAsync(check, CancellationToken.None));
    }

    [Fact]
    public async Task RoomsFromBeforeTheChatCore_AreTypedByTheUpgrade_AndStillFound()
    {
        const string At = "2026-11-01T10:00:00.0000000+00:00";
        await using (var connection = new SqliteConnection($"Data Source={_database.Path}"))
        {
            await connection.OpenAsync();
            await SqliteMigrations.MigrateAsync(connection, 5, CancellationToken.None);
            await using var insert = connection.CreateCommand();
            // As version 5 wrote them: a Slack war room ("slack:C…"), a channel of the local page ("ops"),
            // a kept card keyed without its platform, and an explanation still waiting to be delivered.
            insert.CommandText = $$$"""
                INSERT INTO incidents (title, phase, channel, opened_at, updated_at, version) VALUES ('db down', 'triage', 'slack:C0ROOM', '{{{At}}}', '{{{At}}}', 4);
                INSERT INTO incidents (title, phase, channel, opened_at, updated_at, version) VALUES ('cdn slow', 'triage', 'ops', '{{{At}}}', '{{{At}}}', 2);
                INSERT INTO events VALUES (1, 1, '0194a1b2-0000-7000-8000-000000000001', 'opened', 'alice', '{{{At}}}', '{"type":"opened","title":"db down","source":"person","actor":"alice","at":"{{{At}}}"}');
                INSERT INTO events VALUES (1, 2, '0194a1b2-0000-7000-8000-000000000002', 'phase', 'alice', '{{{At}}}', '{"type":"phase","trigger":"declare","from":"detected","to":"triage","actor":"alice","at":"{{{At}}}"}');
                INSERT INTO events VALUES (1, 3, '0194a1b2-0000-7000-8000-000000000003', 'war-room', 'incidentbot', '{{{At}}}', '{"type":"war-room","channel":"slack:C0ROOM","name":"inc-0001-db-down","actor":"incidentbot","at":"{{{At}}}"}');
                INSERT INTO events VALUES (1, 4, '0194a1b2-0000-7000-8000-000000000004', 'note', 'bob', '{{{At}}}', '{"type":"note","text":"replica lag 30s","occurredAt":"{{{At}}}","messageId":"slack:C0ROOM/1764583200.000100","actor":"bob","at":"{{{At}}}"}');
                INSERT INTO events VALUES (2, 1, '0194a1b2-0000-7000-8000-000000000005', 'opened', 'carol', '{{{At}}}', '{"type":"opened","title":"cdn slow","channel":"ops","source":"person","actor":"carol","at":"{{{At}}}"}');
                INSERT INTO events VALUES (2, 2, '0194a1b2-0000-7000-8000-000000000006', 'phase', 'carol', '{{{At}}}', '{"type":"phase","trigger":"declare","from":"detected","to":"triage","actor":"carol","at":"{{{At}}}"}');
                INSERT INTO posted_messages VALUES ('card:INC-0001', 'C0ROOM', '1764583100.000100', 'abc');
                INSERT INTO outbox (queue, kind, payload, created_at) VALUES ('slack.ephemeral:C0ROOM', 'slack.ephemeral', '{"channel":"C0ROOM","user":"UBOB","message":{"ok":false,"text":"Only the commander may do that."}}', '{{{At}}}');
                """;
            await insert.ExecuteNonQueryAsync();
        }

        await using var store = new SqliteIncidentStore(_database.Path);
        await store.InitializeAsync(CancellationToken.None);

        var slackRoom = new RoomAddress("slack", "C0ROOM");
        var first = await store.FindByRoomAsync(slackRoom, CancellationToken.None);
        Assert.Equal(1, first!.Id.Number);
        Assert.Equal(slackRoom, first.Room);
        var replayed = Incident.Replay(first.Id, await store.ReadAsync(first.Id, 0, CancellationToken.None));
        Assert.Equal(slackRoom, replayed.Room);
        Assert.Equal("inc-0001-db-down", replayed.RoomName);
        Assert.Equal(4, replayed.EntryFor(new ChatEvent(ChatEventKind.Edited, slackRoom, "1764583200.000100", "bob").TimelineId));

        var local = await store.FindByRoomAsync(RoomAddress.Local("ops"), CancellationToken.None);
        Assert.Equal(2, local!.Id.Number);
        Assert.Equal(RoomAddress.Local("ops"), Incident.Replay(local.Id, await store.ReadAsync(local.Id, 0, CancellationToken.None)).Room);

        var card = await store.FindPostedAsync("slack:card:INC-0001", CancellationToken.None);
        Assert.Equal(("C0ROOM", "1764583100.000100"), (card!.Conversation, card.MessageId));
        var waiting = Assert.Single(await store.HeadsAsync(CancellationToken.None));
        Assert.Equal("slack.explain", waiting.Kind);
        Assert.Equal(slackRoom, RoomAddress.FromJson(System.Text.Json.Nodes.JsonNode.Parse(waiting.Payload)!["room"]));

        // A room opened from now on can take neither room while its incident is open.
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => store.OpenAsync(
            [new Workflows.Incidents.Events.IncidentOpened { Actor = "dan", At = DateTimeOffset.UnixEpoch, Title = "again", Room = RoomAddress.Local("ops") }], null, null, CancellationToken.None));
    }

    [Fact]
    public async Task FileFromANewerBuild_IsRefusedWithAClearMessage()
    {
        await using (var connection = new SqliteConnection($"Data Source={_database.Path}"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = $"PRAGMA user_version = {SqliteMigrations.Latest + 1}";
            await command.ExecuteNonQueryAsync();
        }

        await using var store = new SqliteIncidentStore(_database.Path);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => store.InitializeAsync(CancellationToken.None));
        Assert.Contains("newer than this IncidentBot knows", error.Message, StringComparison.Ordinal);
    }
}
