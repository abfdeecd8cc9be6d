using IncidentBot.Tests.Support;
using Npgsql;

namespace IncidentBot.Tests.Replicas;

/// <summary>
/// Reminders on two replicas sharing PostgreSQL (Quartz clustered on it): started together, they
/// set up the schedule once; a reminder set through one fires once, on the other when the first is down.
/// </summary>
public sealed class ReplicaReminderTests : IAsyncLifetime
{
    private TempPostgresDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TempPostgresDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private BotFactory Replica() => new(
        ("Storage:Provider", "Postgres"),
        ("ConnectionStrings:Postgres", _database.ConnectionString),
        ("Reminders:NoCommanderMinutes", "0.06"), // the nudge comes 3.6 s after opening
        ("Reminders:ClusterCheckinSeconds", "1"));

    private async Task<long> ScheduledAsync(string reminder, string table = "qrtz_triggers")
    {
        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT count(*) FROM {table} WHERE trigger_name = $1", connection) { Parameters = { new() { Value = reminder } } };
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<string[]> RemindersAsync(ChatRoom room) =>
        [.. (await room.GetJsonAsync("/api/incidents/INC-0001/timeline")).EnumerateArray()
            .Where(e => e.GetProperty("kind").GetString() == "reminder").Select(e => e.GetProperty("text").GetString()!)];

    [Fact]
    public async Task A_reminder_due_while_the_replica_that_set_it_is_down_fires_once_on_the_other()
    {
        var first = Replica();
        using var second = Replica();
        // Both start at once, as replicas do after a deploy: each sets up the store and the schedule.
        var clients = await Task.WhenAll(Task.Run(first.CreateClient), Task.Run(second.CreateClient));
        await new ChatRoom(clients[0]).Say("/incident start sev2 nobody in charge").ExpectOk();
        await first.DisposeAsync(); // down before the nudge is due
        var room = new ChatRoom(clients[1]);

        await Eventually.HoldsAsync(async () => (await RemindersAsync(room)).Length > 0, "the other replica to send the nudge", seconds: 20);
        var fired = await RemindersAsync(room);

        // Once fired, the nudge's one-shot trigger is gone from the shared schedule: nothing is left to fire it again.
        await Eventually.HoldsAsync(async () => await ScheduledAsync("no-commander") == 0 && await ScheduledAsync("no-commander", "qrtz_fired_triggers") == 0, "the nudge to leave the schedule", seconds: 10);
        Assert.Equal(["Reminder: INC-0001 has no commander yet. Who takes it? `/incident role commander me`"], fired);
        Assert.Equal(fired, await RemindersAsync(room));
    }
}
