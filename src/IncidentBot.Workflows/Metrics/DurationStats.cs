namespace IncidentBot.Workflows.Metrics;

/// <summary>Seconds: how many incidents reached the milestone, the mean, and the nearest-rank 50th and 90th percentiles.</summary>
public sealed record DurationStats(int Count, double? Mean, double? P50, double? P90)
{
    public static DurationStats Of(IEnumerable<TimeSpan> durations)
    {
        ArgumentNullException.ThrowIfNull(durations);
        var seconds = durations.Select(d => d.TotalSeconds).Order().ToArray();
        if (seconds.Length == 0)
        {
            return new DurationStats(0, null, null, null);
        }

        // Nearest rank: the smallest value with at least p of the values at or below it. Exact, no interpolation.
        double Rank(double p) => seconds[Math.Max(0, (int)Math.Ceiling(p * seconds.Length) - 1)];
        return new DurationStats(seconds.Length, seconds.Average(), Rank(0.5), Rank(0.9));
    }
}
