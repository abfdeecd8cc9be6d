using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Incidents.Events;
using IncidentBot.Workflows.Tests.Fakes;

namespace IncidentBot.Workflows.Tests.Reminders;

/// <summary>Reminders fire at their time, once, and not after they stop applying; time moves only when the test says.</summary>
public class ReminderTests
{
    private readonly Room _room = new();
    private static readonly IncidentId Inc = new(1);

    private async Task<IReadOnlyList<string>> Sent() =>
        [.. (await _room.Store.ReadAsync(Inc, 0, CancellationToken.None)).Select(e => e.Event).OfType<ReminderSent>().Select(r => r.Key)];

    private async Task<IReadOnlyList<string>> Planned() => [.. (await _room.Dispatcher.RemindersAsync(Inc, CancellationToken.None)).Select(r => r.Key)];

    [Fact]
    public async Task NoCommanderNudge_FiresAtItsTime_Once()
    {
        await _room.Say("/incident start sev2 db down").ExpectOk();
        var nudge = Assert.Single(await _room.Dispatcher.RemindersAsync(Inc, CancellationToken.None));
        Assert.Equal(("no-commander", Room.Start.AddMinutes(5)), (nudge.Key, nudge.At));

        _room.Clock.Advance(TimeSpan.FromMinutes(4));
        Assert.False(await _room.Dispatcher.RemindAsync(Inc, "no-commander", CancellationToken.None));
        _room.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.True(await _room.Dispatcher.RemindAsync(Inc, "no-commander", CancellationToken.None));
        await _room.Dispatcher.RemindAsync(Inc, "no-commander", CancellationToken.None);

        Assert.Equal(["no-commander"], await Sent());
        Assert.Empty(await Planned());
    }

    [Fact]
    public async Task NoCommanderNudge_IsCancelled_WhenSomeoneTakesCommand()
    {
        await _room.Say("/incident start sev2 db down").ExpectOk();
        _room.Clock.Advance(TimeSpan.FromMinutes(2));
        await _room.Say("/incident role commander me").ExpectOk();
        _room.Clock.Advance(TimeSpan.FromMinutes(10));

        Assert.False(await _room.Dispatcher.RemindAsync(Inc, "no-commander", CancellationToken.None));
        Assert.Empty(await Sent());
        Assert.Empty(await Planned());
    }

    [Fact]
    public async Task StatusReminders_RepeatBySeverity_WhileTheRoomIsSilent()
    {
        await _room.PlayAsync("alice", "/incident start sev1 checkout down", "/incident role commander me", "/incident recover");
        var first = Assert.Single(await _room.Dispatcher.RemindersAsync(Inc, CancellationToken.None));
        Assert.Equal(Room.Start.AddMinutes(15), first.At);

        _room.Clock.Advance(TimeSpan.FromMinutes(15));
        Assert.True(await _room.Dispatcher.RemindAsync(Inc, first.Key, CancellationToken.None));
        var second = Assert.Single(await _room.Dispatcher.RemindersAsync(Inc, CancellationToken.None));
        Assert.Equal(Room.Start.AddMinutes(30), second.At);

        // Someone speaks: the clock starts again from them, and the old reminder no longer applies.
        _room.Clock.Advance(TimeSpan.FromMinutes(10));
        await _room.Say("/incident note failover started", "bob").ExpectOk();
        _room.Clock.Advance(TimeSpan.FromMinutes(6));
        Assert.False(await _room.Dispatcher.RemindAsync(Inc, second.Key, CancellationToken.None));
        Assert.Equal(Room.Start.AddMinutes(40), Assert.Single(await _room.Dispatcher.RemindersAsync(Inc, CancellationToken.None)).At);
    }

    [Fact]
    public async Task ActionItems_AreRemindedWhenDue_AndOverdue_UntilDone()
    {
        await _room.PlayAsync("alice", "/incident start sev2 db down", "/incident role commander me", "/incident recover", "/incident mitigated failover", "/incident verified",
            "/incident action add an alarm @bob due 2026-01-25");

        var keys = (await _room.Dispatcher.RemindersAsync(Inc, CancellationToken.None)).ToDictionary(r => r.Key, r => r.At);
        Assert.Equal(new DateTimeOffset(2026, 1, 25, 9, 0, 0, TimeSpan.FromHours(9)), keys["action-1-due"]);
        Assert.Equal(new DateTimeOffset(2026, 1, 26, 9, 0, 0, TimeSpan.FromHours(9)), keys["action-1-overdue"]);
        Assert.Equal(Room.Start.AddDays(2), keys["postmortem"]);

        await _room.Say("/incident action done #1 alarm live").ExpectOk();
        Assert.Equal(["postmortem"], await Planned());
    }

    [Fact]
    public async Task ClosedIncident_OwesNothing()
    {
        await _room.PlayAsync("alice", "/incident start sev2 db down", "/incident role commander me", "/incident recover", "/incident mitigated failover", "/incident verified",
            "/incident close --no-postmortem drill");

        Assert.Empty(await Planned());
    }
}
