using IncidentBot.Workflows.Alerts;
using IncidentBot.Workflows.Incidents;

namespace IncidentBot.Tests.Storage;

/// <summary>
/// What every store of alert groups must do: one current incident per group, never moved back by a
/// stale writer, the latest time it was heard of, and one holder of a group's lock at a time.
/// </summary>
public abstract class AlertGroupStoreContract
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    protected abstract Task<IAlertGroupStore> CreateStoreAsync();

    [Fact]
    public async Task A_group_keeps_its_newest_incident_and_the_latest_time_it_was_heard_of()
    {
        var store = await CreateStoreAsync();
        Assert.Null(await store.FindGroupAsync("am:{alertname=\"Checkout\"}", None));

        await store.SaveGroupAsync("am:{alertname=\"Checkout\"}", new IncidentId(3), T0, None);
        await store.SaveGroupAsync("am:{alertname=\"Checkout\"}", new IncidentId(3), T0.AddMinutes(5), None);
        await store.SaveGroupAsync("am:{alertname=\"Checkout\"}", new IncidentId(3), T0.AddMinutes(2), None); // late writer: time does not go back
        Assert.Equal(new AlertGroupState(new IncidentId(3), T0.AddMinutes(5)), await store.FindGroupAsync("am:{alertname=\"Checkout\"}", None));

        await store.SaveGroupAsync("am:{alertname=\"Checkout\"}", new IncidentId(7), T0.AddMinutes(1), None); // a newer incident takes the group, with its time
        await store.SaveGroupAsync("am:{alertname=\"Checkout\"}", new IncidentId(3), T0.AddHours(1), None); // a stale replica's older incident changes nothing
        Assert.Equal(new AlertGroupState(new IncidentId(7), T0.AddMinutes(1)), await store.FindGroupAsync("am:{alertname=\"Checkout\"}", None));
        Assert.Null(await store.FindGroupAsync("am:{alertname=\"Other\"}", None));
    }

    [Fact]
    public async Task A_group_lock_has_one_holder_at_a_time_and_other_groups_do_not_wait()
    {
        var store = await CreateStoreAsync();
        var first = await store.LockGroupAsync("g1", None);

        var second = store.LockGroupAsync("g1", None);
        await using (await store.LockGroupAsync("g2", None).WaitAsync(TimeSpan.FromSeconds(10)))
        {
            Assert.False(second.IsCompleted, "a second holder of g1 waits for the first");
        }

        await first.DisposeAsync();
        await using var then = await second.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
