using System.Security.Claims;
using IncidentBot.Hosting;

namespace IncidentBot.Tests.Hosting;

public sealed class WebUserNameTests
{
    [Theory]
    [InlineData("alice@example.com", "alice")]
    [InlineData("j.doe", "j.doe")]
    [InlineData("Alice Smith", "Alice.Smith")]
    [InlineData("  Ops / On-call (Tokyo) ", "Ops.On-call.Tokyo")]
    [InlineData("山田 太郎", "山田.太郎")]
    [InlineData("CONTOSO\\bob_k", "CONTOSO.bob_k")]
    [InlineData("@handle", "handle")]
    [InlineData("...", null)]
    [InlineData("", null)]
    public void Fit_KeepsTheBotsNameRules(string value, string? expected) =>
        Assert.Equal(expected, WebUserName.Fit(value));

    [Fact]
    public void Fit_CutsAtEightyCharacters()
    {
        var name = WebUserName.Fit(new string('a', 79) + " bcd");

        Assert.Equal(new string('a', 79), name);
    }

    [Fact]
    public void From_PrefersTheConfiguredClaim_ThenPreferredUsername_ThenNameAndSub()
    {
        var all = Principal(("upn", "carol@corp.example"), ("preferred_username", "alice@example.com"), ("name", "Alice Smith"), ("sub", "248289761001"));

        Assert.Equal("carol", WebUserName.From(all, "upn"));
        Assert.Equal("alice", WebUserName.From(all, "preferred_username"));
        Assert.Equal("Alice.Smith", WebUserName.From(Principal(("preferred_username", "   "), ("name", "Alice Smith"), ("sub", "x")), "preferred_username"));
        Assert.Equal("248289761001", WebUserName.From(Principal(("sub", "248289761001")), "preferred_username"));
        Assert.Null(WebUserName.From(Principal(), "preferred_username"));
    }

    private static ClaimsPrincipal Principal(params (string Type, string Value)[] claims) =>
        new(new ClaimsIdentity(claims.Select(c => new Claim(c.Type, c.Value)), "test"));
}
