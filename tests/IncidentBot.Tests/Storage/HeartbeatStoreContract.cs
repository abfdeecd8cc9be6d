using IncidentBot.Workflows.Alerts;

namespace IncidentBot.Tests.Storage;

/// <summary>
/// What every heartbeat store must do: each step of a silence is a conditional change that one caller
/// wins. Each implementation runs this suite by deriving from it and saying how to make a store; a
/// second store asked for in one test opens the same database (a second replica).
/// </summary>
public abstract class HeartbeatStoreContract
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset Since = T0.AddMinutes(10);
    private static readonly DateTimeOffset Now = T0.AddMinutes(11);

    protected abstract Task<IHeartbeatStore> CreateStoreAsync();

    private static async Task<Heartbeat> OnlyAsync(IHeartbeatStore store) => Assert.Single(await store.HeartbeatsAsync(None));

    /// <summary>A store with one heartbeat seen at T0 whose silence since <see cref="Since"/> was claimed at <see cref="Now"/>.</summary>
    private async Task<IHeartbeatStore> ClaimedAsync()
    {
        var store = await CreateStoreAsync();
        await store.BeatAsync("backup", T0, null, None);
        Assert.True(await store.ClaimSilenceAsync("backup", T0, Since, Now, Now.AddMinutes(-2), None));
        return store;
    }

    [Fact]
    public async Task Beat_ReturnsWhatWasKnownBefore_AndNullTheFirstTime()
    {
        var store = await CreateStoreAsync();

        Assert.Null(await store.BeatAsync("backup", T0, TimeSpan.FromHours(25), None));
        Assert.Equal(new Heartbeat("backup", T0) { Timeout = TimeSpan.FromHours(25) }, await OnlyAsync(store));

        var before = await store.BeatAsync("backup", T0.AddMinutes(1), null, None);
        Assert.Equal(new Heartbeat("backup", T0) { Timeout = TimeSpan.FromHours(25) }, before);
        // A beat that names no timeout keeps the one it had; one that names another replaces it.
        Assert.Equal(new Heartbeat("backup", T0.AddMinutes(1)) { Timeout = TimeSpan.FromHours(25) }, await OnlyAsync(store));
        await store.BeatAsync("backup", T0.AddMinutes(2), TimeSpan.FromMinutes(90), None);
        Assert.Equal(TimeSpan.FromMinutes(90), (await OnlyAsync(store)).Timeout);
    }

    [Fact]
    public async Task Beat_NeverMovesTheLastSeenBack_WhenItArrivesLate()
    {
        var store = await CreateStoreAsync();
        await store.BeatAsync("watchdog", T0.AddMinutes(5), null, None);

        var before = await store.BeatAsync("watchdog", T0, null, None);

        Assert.Equal(T0.AddMinutes(5), before!.LastSeen);
        Assert.Equal(T0.AddMinutes(5), (await OnlyAsync(store)).LastSeen);
    }

    [Fact]
    public async Task Heartbeats_AreListedByName()
    {
        var store = await CreateStoreAsync();
        await store.BeatAsync("watchdog", T0, null, None);
        await store.BeatAsync("backup", T0, null, None);
        await store.BeatAsync("cron", T0, null, None);

        Assert.Equal(["backup", "cron", "watchdog"], (await store.HeartbeatsAsync(None)).Select(b => b.Name));
    }

    [Fact]
    public async Task ClaimSilence_IsWonOnce_AndRecordsTheSilenceAndTheClaim()
    {
        var store = await ClaimedAsync();

        Assert.False(await store.ClaimSilenceAsync("backup", T0, Since, Now, Now.AddMinutes(-2), None));
        Assert.Equal(new Heartbeat("backup", T0) { SilentSince = Since, ClaimedAt = Now }, await OnlyAsync(store));
    }

    [Fact]
    public async Task ClaimSilence_IsRefused_WhenItBeatSinceItWasSeen_OrIsUnknown()
    {
        var store = await CreateStoreAsync();
        await store.BeatAsync("backup", T0, null, None);
        await store.BeatAsync("backup", T0.AddMinutes(3), null, None);

        Assert.False(await store.ClaimSilenceAsync("backup", T0, Since, Now, Now.AddMinutes(-2), None));
        Assert.False(await store.ClaimSilenceAsync("unknown", T0, Since, Now, Now.AddMinutes(-2), None));
        Assert.Null((await OnlyAsync(store)).SilentSince);
    }

    [Fact]
    public async Task ClaimSilence_TakesOverAStaleUnreportedClaimOnce_ButNotAFreshOne()
    {
        var store = await ClaimedAsync();
        var later = Now.AddMinutes(5);

        // Not stale yet: the claim at Now is not older than the cut-off.
        Assert.False(await store.ClaimSilenceAsync("backup", T0, Since, later, Now, None));
        // Another silence than the one claimed is not taken over.
        Assert.False(await store.ClaimSilenceAsync("backup", T0, Since.AddMinutes(1), later, later, None));
        Assert.True(await store.ClaimSilenceAsync("backup", T0, Since, later, later.AddMinutes(-2), None));
        Assert.False(await store.ClaimSilenceAsync("backup", T0, Since, later, later.AddMinutes(-2), None));
        Assert.Equal(later, (await OnlyAsync(store)).ClaimedAt);
    }

    [Fact]
    public async Task ClaimSilence_IsRefused_WhenTheSilenceWasReported()
    {
        var store = await ClaimedAsync();

        await store.MarkReportedAsync("backup", Since, None);

        Assert.True((await OnlyAsync(store)).Reported);
        Assert.False(await store.ClaimSilenceAsync("backup", T0, Since, Now.AddHours(1), Now.AddHours(1), None));
    }

    [Fact]
    public async Task MarkReportedAndEndSilence_ChangeOnlyTheSilenceTheyName()
    {
        var store = await ClaimedAsync();

        await store.MarkReportedAsync("backup", Since.AddSeconds(1), None);
        await store.EndSilenceAsync("backup", Since.AddSeconds(1), None);

        Assert.Equal(new Heartbeat("backup", T0) { SilentSince = Since, ClaimedAt = Now }, await OnlyAsync(store));
    }

    [Fact]
    public async Task Beat_DuringASilence_ReturnsIt_AndEndingItLetsTheNextSilenceBeClaimed()
    {
        var store = await ClaimedAsync();
        await store.MarkReportedAsync("backup", Since, None);

        var before = await store.BeatAsync("backup", Now.AddMinutes(1), null, None);

        Assert.Equal((Since, true), (before!.SilentSince, before.Reported));
        // The beat records the return; the silence ends when its end is recorded.
        Assert.Equal(Since, (await OnlyAsync(store)).SilentSince);
        await store.EndSilenceAsync("backup", Since, None);
        Assert.Equal(new Heartbeat("backup", Now.AddMinutes(1)), await OnlyAsync(store));
        Assert.True(await store.ClaimSilenceAsync("backup", Now.AddMinutes(1), Now.AddMinutes(11), Now.AddMinutes(12), Now.AddMinutes(10), None));
    }

    [Fact]
    public async Task ClaimSilence_IsWonOnce_WhenTwoStoresOnOneDatabaseRace()
    {
        var a = await CreateStoreAsync();
        var b = await CreateStoreAsync();
        await a.BeatAsync("backup", T0, null, None);

        var claims = await Task.WhenAll(Enumerable.Range(0, 16).Select(i =>
            Task.Run(() => (i % 2 == 0 ? a : b).ClaimSilenceAsync("backup", T0, Since, Now, Now.AddMinutes(-2), None))));

        Assert.Single(claims, won => won);
        Assert.Equal(Since, (await OnlyAsync(b)).SilentSince);
    }
}
