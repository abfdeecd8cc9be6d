using IncidentBot.Workflows.Chat;

namespace IncidentBot.Tests.Storage;

/// <summary>
/// What every store of places (where the bot may post) must do. Each implementation runs this suite by
/// deriving from it and saying how to make a store; a second store asked for in one test opens the same database.
/// </summary>
public abstract class PlacesStoreContract
{
    private static readonly CancellationToken None = CancellationToken.None;

    protected abstract Task<IPlacesStore> CreateStoreAsync();

    private static RoomAddress Teams(string conversation, string serviceUrl = "https://smba.trafficmanager.net/emea/") =>
        new("teams", conversation) { ServiceUrl = serviceUrl, Tenant = "contoso" };

    [Fact]
    public async Task Places_AreListedForTheirPlatformOnly_WithTheWholeAddress()
    {
        var store = await CreateStoreAsync();
        await store.RememberPlaceAsync(new ChatPlace(Teams("19:ops@thread.tacv2"), "channel", "Ops"), None);

        var place = Assert.Single(await store.PlacesAsync("teams", None));
        Assert.Equal(("channel", "Ops"), (place.Kind, place.Name));
        Assert.Equal(Teams("19:ops@thread.tacv2"), place.Room);
        Assert.Equal(("https://smba.trafficmanager.net/emea/", "contoso"), (place.Room.ServiceUrl, place.Room.Tenant));
        Assert.Empty(await store.PlacesAsync("slack", None));
    }

    [Fact]
    public async Task RememberPlace_Again_UpdatesIt_AndKeepsItsName_WhenNoneIsGiven()
    {
        var store = await CreateStoreAsync();
        await store.RememberPlaceAsync(new ChatPlace(Teams("a:1"), "personal", "Alice"), None);

        await store.RememberPlaceAsync(new ChatPlace(Teams("a:1", "https://smba.trafficmanager.net/amer/"), "group", null), None);

        var place = Assert.Single(await store.PlacesAsync("teams", None));
        Assert.Equal(("https://smba.trafficmanager.net/amer/", "group", "Alice"), (place.Room.ServiceUrl, place.Kind, place.Name));

        await store.RememberPlaceAsync(new ChatPlace(Teams("a:1"), "group", "Alice and Bob"), None);
        Assert.Equal("Alice and Bob", Assert.Single(await store.PlacesAsync("teams", None)).Name);
    }

    [Fact]
    public async Task Places_AreListedMostRecentlyRememberedFirst()
    {
        var store = await CreateStoreAsync();
        await store.RememberPlaceAsync(new ChatPlace(Teams("a"), "channel", "A"), None);
        NextMillisecond();
        await store.RememberPlaceAsync(new ChatPlace(Teams("b"), "channel", "B"), None);
        NextMillisecond();
        await store.RememberPlaceAsync(new ChatPlace(Teams("c"), "channel", "C"), None);
        NextMillisecond();
        await store.RememberPlaceAsync(new ChatPlace(Teams("a"), "channel", null), None);

        Assert.Equal(["A", "C", "B"], (await store.PlacesAsync("teams", None)).Select(p => p.Name));
    }

    /// <summary>Waits (on the clock, not a fixed sleep) until the wall clock the stores stamp places with has moved on a millisecond.</summary>
    private static void NextMillisecond()
    {
        var now = DateTimeOffset.UtcNow;
        SpinWait.SpinUntil(() => DateTimeOffset.UtcNow >= now.AddMilliseconds(1));
    }

    [Fact]
    public async Task ForgetPlace_RemovesThatOneOnly_WhateverItsServiceUrl()
    {
        var store = await CreateStoreAsync();
        await store.RememberPlaceAsync(new ChatPlace(Teams("a"), "channel", "A"), None);
        await store.RememberPlaceAsync(new ChatPlace(Teams("b"), "channel", "B"), None);
        await store.RememberPlaceAsync(new ChatPlace(new RoomAddress("slack", "a"), "channel", "slack A"), None);

        await store.ForgetPlaceAsync(new RoomAddress("teams", "a"), None);
        await store.ForgetPlaceAsync(new RoomAddress("teams", "never-known"), None);

        Assert.Equal(["B"], (await store.PlacesAsync("teams", None)).Select(p => p.Name));
        Assert.Equal(["slack A"], (await (await CreateStoreAsync()).PlacesAsync("slack", None)).Select(p => p.Name));
    }
}
