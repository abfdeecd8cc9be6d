using System.Globalization;
using IncidentBot.Workflows.Runbooks;

namespace IncidentBot.Workflows.Verification;

/// <summary>
/// Reads a metric condition against datapoints. <c>&lt; 70 for 10m</c> passes when every datapoint
/// of the last ten minutes is under 70 and there are enough of them to say so: one per period, less
/// the last two, which CloudWatch often publishes late. Any datapoint on the wrong side fails it.
/// </summary>
public static class CheckEvaluation
{
    public static (CheckOutcome Outcome, string Detail) Evaluate(MetricCondition condition, IReadOnlyList<MetricPoint> points, DateTimeOffset now, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(condition);
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(zone);
        var from = now - condition.For;
        var window = points.Where(p => p.At >= from && p.At <= now).OrderBy(p => p.At).ToList();
        var test = string.Create(CultureInfo.InvariantCulture, $"{condition.Comparison} {condition.Threshold}");
        var wrongAt = window.FindLastIndex(p => !condition.Holds(p.Value));
        if (wrongAt >= 0)
        {
            var wrong = window[wrongAt];
            return (CheckOutcome.Failing, string.Create(CultureInfo.InvariantCulture,
                $"{condition.Metric} was {Round(wrong.Value)} at {Clock(wrong.At, zone)} (needs {test} for {Window(condition.For)})"));
        }

        var needed = Needed(condition);
        if (window.Count < needed)
        {
            return (CheckOutcome.Pending, string.Create(CultureInfo.InvariantCulture,
                $"waiting for {needed} datapoint{(needed == 1 ? "" : "s")} of {condition.Metric} in the last {Window(condition.For)}, all {test}"));
        }

        var worst = condition.Comparison.StartsWith('<') ? window.Max(p => p.Value) : window.Min(p => p.Value);
        return (CheckOutcome.Passing, string.Create(CultureInfo.InvariantCulture,
            $"{condition.Metric} {test} for the last {Window(condition.For)} ({window.Count} datapoints, {(condition.Comparison.StartsWith('<') ? "highest" : "lowest")} {Round(worst)})"));
    }

    /// <summary>How many datapoints of the window must be there before a check can pass.</summary>
    public static int Needed(MetricCondition condition)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return Math.Max(1, (int)(condition.For / condition.Period) - 2);
    }

    public static string Round(double value) =>
        Math.Abs(value) >= 100 ? value.ToString("0", CultureInfo.InvariantCulture) : value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Clock(DateTimeOffset at, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(at, zone).ToString("HH:mm", CultureInfo.InvariantCulture);

    private static string Window(TimeSpan span) =>
        span.TotalMinutes >= 1 ? $"{(int)span.TotalMinutes}m" : $"{(int)span.TotalSeconds}s";
}
