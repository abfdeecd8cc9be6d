using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Incidents.Events;
using IncidentBot.Workflows.Metrics;
using IncidentBot.Workflows.Postmortems;

namespace IncidentBot.Workflows.Tests.Metrics;

public class IncidentMetricsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static IncidentStats Stats(int number, Severity? severity, int ackMinutes, int? resolveMinutes, string service = "db",
        bool person = false, PostmortemStatus postmortem = PostmortemStatus.Draft, int openActions = 0, int day = 0) =>
        new(number, severity, [service], resolveMinutes is null ? Phase.Recovering : Phase.Reporting,
            T0.AddDays(day), T0.AddDays(day), T0.AddDays(day).AddMinutes(ackMinutes), null,
            resolveMinutes is null ? null : T0.AddDays(day).AddMinutes(resolveMinutes.Value), null,
            person, false, [], [], postmortem, false, openActions, DetectedBy: person ? "person" : "monitoring", Schema: IncidentStats.CurrentSchema);

    [Fact]
    public void Metrics_AreExact_FromTheStoredFacts()
    {
        var incidents = new[]
        {
            Stats(1, Severity.Sev1, 1, 30, "db", person: true, postmortem: PostmortemStatus.Published, openActions: 2),
            Stats(2, Severity.Sev2, 3, 90, "db"),
            Stats(3, Severity.Sev2, 5, null, "cdn", openActions: 1),
            Stats(4, null, 10, 10, "cdn"),
            Stats(5, Severity.Sev1, 60, 120, "api", day: 40),
        };

        var report = IncidentMetrics.Compute(incidents, T0, T0.AddDays(30), T0.AddDays(60), new PostmortemOptions());

        Assert.Equal(4, report.Incidents);
        Assert.Equal(new Dictionary<string, int> { ["SEV1"] = 1, ["SEV2"] = 2, ["unset"] = 1 }, report.BySeverity);
        Assert.Equal(new Dictionary<string, int> { ["cdn"] = 2, ["db"] = 2 }, report.ByService);
        Assert.Equal((60 + 180 + 300 + 600) / 4.0, report.Mtta);
        Assert.Equal((1800 + 5400 + 600) / 3.0, report.Mttr);
        Assert.Equal(new DurationStats(4, 285, 180, 600), report.Phases["acknowledge"]);
        Assert.Equal(new DurationStats(3, 2600, 1800, 5400), report.Phases["resolve"]);
        Assert.Equal(new DurationStats(0, null, null, null), report.Phases["close"]);
        Assert.Equal(2, report.PostmortemsRequired);
        Assert.Equal(1, report.PostmortemsPublished);
        Assert.Equal(0.5, report.PostmortemCompletionRate);
        Assert.Equal(3, report.OpenActionItems);
    }

    [Theory]
    [InlineData(new[] { 10.0 }, 10, 10)]
    [InlineData(new[] { 1.0, 2, 3, 4, 5, 6, 7, 8, 9, 10 }, 5, 9)]
    [InlineData(new[] { 5.0, 1, 3 }, 3, 5)]
    public void Percentiles_UseTheNearestRank(double[] seconds, double p50, double p90)
    {
        var stats = DurationStats.Of(seconds.Select(TimeSpan.FromSeconds));

        Assert.Equal((p50, p90), (stats.P50!.Value, stats.P90!.Value));
    }
}
