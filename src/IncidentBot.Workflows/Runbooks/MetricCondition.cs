using System.Globalization;
using System.Text.RegularExpressions;
using IncidentBot.Workflows.Language;

namespace IncidentBot.Workflows.Runbooks;

/// <summary>
/// A verification check on a metric, written the way people say it:
/// <c>AWS/RDS CPUUtilization DBInstanceIdentifier=prod-db &lt; 70 for 10m</c>
/// (namespace, metric, dimensions, comparison, threshold, and how long it must hold). A statistic
/// other than the average goes before the comparison (<c>Maximum &lt; 70</c>), and a period other
/// than a minute after the window (<c>for 30m period 5m</c>).
/// </summary>
public sealed partial record MetricCondition(
    string Namespace,
    string Metric,
    IReadOnlyDictionary<string, string> Dimensions,
    string Comparison,
    double Threshold,
    TimeSpan For)
{
    public const string Form = "<Namespace> <Metric> [Name=Value ...] [Statistic] <|<=|>|>= <number> for <N>m [period <N>m]";

    /// <summary>The CloudWatch statistic the condition reads: Average unless it says otherwise.</summary>
    public string Statistic { get; init; } = "Average";

    /// <summary>The length of one datapoint: a minute unless it says otherwise.</summary>
    public TimeSpan Period { get; init; } = TimeSpan.FromMinutes(1);

    private static readonly string[] Statistics = ["Average", "Maximum", "Minimum", "Sum", "SampleCount"];

    public static bool TryParse(string text, out MetricCondition? condition, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        condition = null;
        var match = Pattern().Match(text.Trim());
        if (!match.Success)
        {
            error = Say.T(
                $"\"{text}\" is not a metric condition; write {Form}, e.g. AWS/RDS CPUUtilization DBInstanceIdentifier=prod-db < 70 for 10m",
                $"「{text}」はメトリクスの条件ではありません。{Form} の形で書いてください（例：AWS/RDS CPUUtilization DBInstanceIdentifier=prod-db < 70 for 10m）。");
            return false;
        }

        var dimensions = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Capture pair in match.Groups["dim"].Captures)
        {
            var parts = pair.Value.Split('=', 2);
            if (!dimensions.TryAdd(parts[0], parts[1]))
            {
                error = Say.T($"\"{text}\" names dimension {parts[0]} twice.", $"「{text}」はディメンション {parts[0]} を 2 回指定しています。");
                return false;
            }
        }

        var statistic = "Average";
        if (match.Groups["stat"].Success)
        {
            var named = match.Groups["stat"].Value;
            var known = Statistics.FirstOrDefault(s => s.Equals(named, StringComparison.OrdinalIgnoreCase))
                ?? (named.Equals("avg", StringComparison.OrdinalIgnoreCase) ? "Average"
                : named.Equals("max", StringComparison.OrdinalIgnoreCase) ? "Maximum"
                : named.Equals("min", StringComparison.OrdinalIgnoreCase) ? "Minimum"
                : PercentileStatistic().IsMatch(named) ? named.ToLowerInvariant() : null);
            if (known is null)
            {
                error = Say.T(
                    $"\"{text}\": {named} is not a statistic; use Average, Maximum, Minimum, Sum, SampleCount or a percentile like p99.",
                    $"「{text}」：{named} は統計量ではありません。Average、Maximum、Minimum、Sum、SampleCount、または p99 のようなパーセンタイルを使ってください。");
                return false;
            }

            statistic = known;
        }

        var window = Duration(match.Groups["n"].Value, match.Groups["unit"].Value);
        if (window <= TimeSpan.Zero || window > TimeSpan.FromDays(1))
        {
            error = Say.T($"\"{text}\": the window must be more than 0 and at most 24h.", $"「{text}」：for の時間は 0 より長く、24h 以下にしてください。");
            return false;
        }

        var period = match.Groups["pn"].Success ? Duration(match.Groups["pn"].Value, match.Groups["punit"].Value) : TimeSpan.FromMinutes(1);
        if (period < TimeSpan.FromSeconds(1) || period > window)
        {
            error = Say.T($"\"{text}\": the period must be at least 1s and no longer than the window.", $"「{text}」：period は 1s 以上、for の時間以下にしてください。");
            return false;
        }

        condition = new MetricCondition(
            match.Groups["ns"].Value,
            match.Groups["metric"].Value,
            dimensions,
            match.Groups["op"].Value,
            double.Parse(match.Groups["threshold"].Value, CultureInfo.InvariantCulture),
            window)
        {
            Statistic = statistic,
            Period = period,
        };
        error = null;
        return true;
    }

    /// <summary>Whether one datapoint meets the condition.</summary>
    public bool Holds(double value) => Comparison switch
    {
        "<" => value < Threshold,
        "<=" => value <= Threshold,
        ">" => value > Threshold,
        _ => value >= Threshold,
    };

    /// <summary>The metric alone, without the test: <c>AWS/RDS CPUUtilization DBInstanceIdentifier=prod-db</c>.</summary>
    public string MetricText =>
        string.Join(' ', new[] { Namespace, Metric }.Concat(Dimensions.Select(d => $"{d.Key}={d.Value}")));

    public override string ToString()
    {
        var statistic = Statistic == "Average" ? "" : " " + Statistic;
        var period = Period == TimeSpan.FromMinutes(1) ? "" : " period " + Span(Period);
        return MetricText + string.Create(CultureInfo.InvariantCulture, $"{statistic} {Comparison} {Threshold} for {Span(For)}{period}");
    }

    private static string Span(TimeSpan span) =>
        span.TotalHours >= 1 && span.TotalHours == Math.Floor(span.TotalHours) ? $"{(int)span.TotalHours}h"
        : span.TotalMinutes >= 1 && span.TotalMinutes == Math.Floor(span.TotalMinutes) ? $"{(int)span.TotalMinutes}m"
        : $"{(int)span.TotalSeconds}s";

    private static TimeSpan Duration(string amount, string unit)
    {
        var n = int.Parse(amount, CultureInfo.InvariantCulture);
        return unit switch
        {
            "s" => TimeSpan.FromSeconds(n),
            "m" => TimeSpan.FromMinutes(n),
            _ => TimeSpan.FromHours(n),
        };
    }

    [GeneratedRegex(@"^(?<ns>[A-Za-z0-9_./:-]+)\s+(?<metric>[A-Za-z0-9_.:-]+)(?:\s+(?<dim>[A-Za-z0-9_.:-]+=[^\s=<>]+))*(?:\s+(?<stat>[A-Za-z][A-Za-z0-9.]*))?\s+(?<op><=|>=|<|>)\s+(?<threshold>-?\d+(?:\.\d+)?)\s+for\s+(?<n>\d{1,6})(?<unit>[smh])(?:\s+period\s+(?<pn>\d{1,6})(?<punit>[smh]))?$")]
    private static partial Regex Pattern();

    [GeneratedRegex(@"^[pP]\d{1,2}(\.\d+)?$")]
    private static partial Regex PercentileStatistic();
}
