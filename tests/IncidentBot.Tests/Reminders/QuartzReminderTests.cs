using System.Diagnostics;
using IncidentBot.Tests.Support;

namespace IncidentBot.Tests.Reminders;

/// <summary>
/// Reminders through Quartz's persistent store in the bot's SQLite file, on real (short) time: the
/// plan's own timing is tested with a manual clock in the domain tests; these show the timers firing,
/// being cancelled, and surviving a restart.
/// </summary>
public sealed class QuartzReminderTests : IDisposable
{
    // 0.03 minutes: a no-commander nudge 1.8 s after opening.
    private static readonly (string, string?) QuickNudge = ("Reminders:NoCommanderMinutes", "0.03");
    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    private static async Task<List<string>> RemindersAsync(ChatRoom room, string id, TimeSpan wait, int expected)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var timeline = await room.GetJsonAsync($"/api/incidents/{id}/timeline");
            var reminders = timeline.EnumerateArray().Where(e => e.GetProperty("kind").GetString() == "reminder").Select(e => e.GetProperty("text").GetString()!).ToList();
            if (reminders.Count >= expected && expected > 0 || clock.Elapsed > wait)
            {
                return reminders;
            }

            await Task.Delay(200);
        }
    }

    [Fact]
    public async Task NoCommanderNudge_FiresOnce_AndNotForAnIncidentThatGotACommander()
    {
        using var factory = new BotFactory(QuickNudge, ("Storage:Sqlite:Path", _database.Path));
        var room = new ChatRoom(factory.CreateClient());
        await room.Say("/incident start sev2 nobody in charge").ExpectOk();
        await room.Say("/incident start sev2 someone in charge", "bob").ExpectOk();
        await room.Say("/incident role commander me INC-0002", "bob").ExpectOk();

        var nudged = await RemindersAsync(room, "INC-0001", TimeSpan.FromSeconds(15), 1);
        var cancelled = await RemindersAsync(room, "INC-0002", TimeSpan.FromSeconds(1), 0);
        await Task.Delay(1000);

        Assert.Equal(["Reminder: INC-0001 has no commander yet. Who takes it? `/incident role commander me`"], await RemindersAsync(room, "INC-0001", TimeSpan.Zero, 0));
        Assert.Single(nudged);
        Assert.Empty(cancelled);
    }

    [Fact]
    public async Task Reminder_SurvivesARestart_AndStillFiresOnce()
    {
        using (var first = new BotFactory(("Reminders:NoCommanderMinutes", "0.05"), ("Storage:Sqlite:Path", _database.Path)))
        {
            await new ChatRoom(first.CreateClient()).Say("/incident start sev2 opened just before a restart").ExpectOk();
        }

        using var second = new BotFactory(("Reminders:NoCommanderMinutes", "0.05"), ("Storage:Sqlite:Path", _database.Path));
        var room = new ChatRoom(second.CreateClient());

        var reminders = await RemindersAsync(room, "INC-0001", TimeSpan.FromSeconds(15), 1);
        await Task.Delay(1500);

        Assert.Single(reminders);
        Assert.Single(await RemindersAsync(room, "INC-0001", TimeSpan.Zero, 0));
    }

    [Fact]
    public async Task A_reminder_fired_by_the_scheduler_speaks_the_bots_language()
    {
        using var factory = new BotFactory(QuickNudge, ("Storage:Sqlite:Path", _database.Path), ("Bot:Locale", "ja"));
        var room = new ChatRoom(factory.CreateClient());
        await room.Say("/incident start sev2 指揮者がいない").ExpectOk();

        var reminders = await RemindersAsync(room, "INC-0001", TimeSpan.FromSeconds(15), 1);

        // Fired on a Quartz thread, outside any request: the job sets the language itself.
        Assert.Equal(["リマインダー：INC-0001 にはまだインシデントコマンダーがいません。誰が引き受けますか。`/incident role commander me`"], reminders);
    }
}
