using IncidentBot.Workflows.People;

namespace IncidentBot.Tests.Storage;

/// <summary>
/// What every people directory must do. Each implementation runs this suite by deriving from it and
/// saying how to make a store; a second store asked for in one test opens the same database.
/// </summary>
public abstract class PeopleStoreContract
{
    private static readonly CancellationToken None = CancellationToken.None;

    protected abstract Task<IPeopleStore> CreateStoreAsync();

    [Fact]
    public async Task Remember_ThenFind_GivesTheHandle_AndTheUnknownAreNotFound()
    {
        var store = await CreateStoreAsync();
        Assert.Null(await store.FindPersonAsync("slack", "UALICE001", None));
        Assert.Empty(await store.PeopleAsync(None));

        await store.RememberAsync(new Person("slack", "UALICE001", "alice"), None);

        Assert.Equal(new Person("slack", "UALICE001", "alice"), await store.FindPersonAsync("slack", "UALICE001", None));
        Assert.Null(await store.FindPersonAsync("slack", "UBOB0001", None));
        // Platform ids are compared exactly, as the platforms give them.
        Assert.Null(await store.FindPersonAsync("slack", "ualice001", None));
    }

    [Fact]
    public async Task Remember_Again_ReplacesTheHandle_AndKeepsOnePerson()
    {
        var store = await CreateStoreAsync();
        await store.RememberAsync(new Person("slack", "UALICE001", "alice"), None);

        await store.RememberAsync(new Person("slack", "UALICE001", "alice.w"), None);

        Assert.Equal("alice.w", (await store.FindPersonAsync("slack", "UALICE001", None))!.Handle);
        Assert.Equal([new Person("slack", "UALICE001", "alice.w")], await store.PeopleAsync(None));
    }

    [Fact]
    public async Task People_AreToldApartByPlatform_AndEveryoneIsListed()
    {
        var store = await CreateStoreAsync();
        await store.RememberAsync(new Person("slack", "U1", "alice"), None);
        await store.RememberAsync(new Person("teams", "U1", "bob"), None);
        await store.RememberAsync(new Person("teams", "29:carol", "carol"), None);

        Assert.Equal("alice", (await store.FindPersonAsync("slack", "U1", None))!.Handle);
        Assert.Equal("bob", (await store.FindPersonAsync("teams", "U1", None))!.Handle);
        var everyone = (await store.PeopleAsync(None)).OrderBy(p => p.Handle, StringComparer.Ordinal);
        Assert.Equal([new Person("slack", "U1", "alice"), new Person("teams", "U1", "bob"), new Person("teams", "29:carol", "carol")], everyone);
    }

    [Fact]
    public async Task Remember_IsSeenByAnotherStoreOnTheSameDatabase()
    {
        var first = await CreateStoreAsync();
        await first.RememberAsync(new Person("slack", "UCAROL001", "carol"), None);

        var second = await CreateStoreAsync();

        Assert.Equal("carol", (await second.FindPersonAsync("slack", "UCAROL001", None))!.Handle);
        await second.RememberAsync(new Person("slack", "UCAROL001", "carol.k"), None);
        Assert.Equal("carol.k", (await first.FindPersonAsync("slack", "UCAROL001", None))!.Handle);
    }
}
