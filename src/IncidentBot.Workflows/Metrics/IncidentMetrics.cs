using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Incidents.Events;
using IncidentBot.Workflows.Postmortems;

namespace IncidentBot.Workflows.Metrics;

/// <summary>Computes <see cref="IncidentMetricsReport"/> exactly from the incidents' stored facts.</summary>
public static class IncidentMetrics
{
    public static IncidentMetricsReport Compute(IReadOnlyList<IncidentStats> incidents, DateTimeOffset from, DateTimeOffset to, DateTimeOffset now, PostmortemOptions options)
    {
        ArgumentNullException.ThrowIfNull(incidents);
        var window = incidents.Where(i => i.OpenedAt >= from && i.OpenedAt < to).ToList();
        static IEnumerable<TimeSpan> Since(IEnumerable<IncidentStats> all, Func<IncidentStats, DateTimeOffset?> milestone) =>
            all.Where(i => milestone(i) is not null).Select(i => milestone(i)!.Value - i.OpenedAt);

        var phases = new Dictionary<string, DurationStats>
        {
            ["acknowledge"] = DurationStats.Of(Since(window, i => i.AcknowledgedAt)),
            ["mitigate"] = DurationStats.Of(Since(window, i => i.MitigatedAt)),
            ["resolve"] = DurationStats.Of(Since(window, i => i.ResolvedAt)),
            ["close"] = DurationStats.Of(Since(window, i => i.ClosedAt)),
        };

        // A postmortem is due once users are fine again; it counts as complete when published.
        var due = window.Where(i => i.ResolvedAt is not null && !i.PostmortemWaived && PostmortemRequirement.Of(i, now, options).Required).ToList();
        var published = due.Count(i => i.Postmortem == PostmortemStatus.Published);

        return new IncidentMetricsReport(
            from,
            to,
            window.Count,
            window.GroupBy(i => i.Severity?.Label() ?? "unset").OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count()),
            window.SelectMany(i => i.Services.Distinct(StringComparer.OrdinalIgnoreCase)).GroupBy(s => s, StringComparer.OrdinalIgnoreCase)
                .OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count()),
            phases["acknowledge"].Mean,
            phases["mitigate"].Mean,
            phases["resolve"].Mean,
            phases,
            due.Count,
            published,
            due.Count == 0 ? null : (double)published / due.Count,
            incidents.Sum(i => i.OpenActionItems));
    }
}
