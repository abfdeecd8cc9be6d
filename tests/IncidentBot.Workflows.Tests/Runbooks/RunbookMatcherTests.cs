using IncidentBot.Workflows.Runbooks;

namespace IncidentBot.Workflows.Tests.Runbooks;

public class RunbookMatcherTests
{
    private static readonly RunbookLibrary Library = SampleRunbooks.Library();

    [Fact]
    public void BestMatchComesFirst_WithItsReasons()
    {
        var facts = new IncidentFacts("mysql: Error while reading greeting packet", null, ["rds-main", "redis-sessions"],
            [new AlertFacts("RDS-prod-ConnectionAttempts-High", new Dictionary<string, string> { ["team"] = "dba" })]);

        var ranked = RunbookMatcher.Rank(Library, facts);

        Assert.Equal(["db-storm", "cache-down"], ranked.Select(m => m.Runbook.Id));
        Assert.Equal(5 + 4 + 3 + 2, ranked[0].Score);
        Assert.Equal(
            ["alert RDS-prod-ConnectionAttempts-High matches *ConnectionAttempts*", "an alert has team=dba", "affects rds", "\"greeting packet\" in the title or summary"],
            ranked[0].Reasons);
        Assert.Equal(["affects redis"], ranked[1].Reasons);
    }

    [Fact]
    public void NothingMatches_NothingIsProposed() =>
        Assert.Empty(RunbookMatcher.Rank(Library, new IncidentFacts("checkout page slow", null, ["web"], [])));
}
