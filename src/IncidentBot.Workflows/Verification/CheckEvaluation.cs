using System.Globalization;
using IncidentBot.Workflows.Language;
using IncidentBot.Workflows.Runbooks;

namespace IncidentBot.Workflows.Verification;

/// <summary>
/// Reads a metric condition against datapoints. <c>&lt; 70 for 10m</c> passes when every datapoint
/// of the last ten minutes is under 70 and there are enough of them to say so: one per period, less
/// the last two, which CloudWatch often publishes late. Any datapoint on the wrong side fails it.
/// The detail is written in the bot's language; numbers and times are culture-invariant.
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
            var (value, at, span) = (Round(wrong.Value), Clock(wrong.At, zone), Window(condition.For));
            return (CheckOutcome.Failing, Say.T(
                $"{condition.Metric} was {value} at {at} (needs {test} for {span})",
                $"{condition.Metric} は {at} に {value} でした（{span}の間 {test} である必要があります）"));
        }

        var needed = Needed(condition);
        if (window.Count < needed)
        {
            var span = Window(condition.For);
            return (CheckOutcome.Pending, Say.T(
                $"waiting for {needed} datapoint{(needed == 1 ? "" : "s")} of {condition.Metric} in the last {span}, all {test}",
                $"直近 {span}の {condition.Metric} のデータポイント {needed} 件（すべて {test}）を待っています"));
        }

        var below = condition.Comparison.StartsWith('<');
        var worst = Round(below ? window.Max(p => p.Value) : window.Min(p => p.Value));
        var last = Window(condition.For);
        return (CheckOutcome.Passing, below
            ? Say.T(
                $"{condition.Metric} {test} for the last {last} ({window.Count} datapoints, highest {worst})",
                $"直近 {last}の {condition.Metric} はすべて {test}（データポイント {window.Count} 件、最大 {worst}）")
            : Say.T(
                $"{condition.Metric} {test} for the last {last} ({window.Count} datapoints, lowest {worst})",
                $"直近 {last}の {condition.Metric} はすべて {test}（データポイント {window.Count} 件、最小 {worst}）"));
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

    /// <summary>The condition's window: <c>10m</c>, 「10 分」 (as <c>Format.Duration</c> writes it).</summary>
    private static string Window(TimeSpan span) => span.TotalMinutes >= 1
        ? Say.T($"{(int)span.TotalMinutes}m", $"{(int)span.TotalMinutes} 分")
        : Say.T($"{(int)span.TotalSeconds}s", $"{(int)span.TotalSeconds} 秒");
}
