using System.Globalization;
using System.Text.RegularExpressions;

namespace IncidentBot.Workflows.Runbooks;

/// <summary>
/// A verification check on a metric, written the way people say it:
/// <c>AWS/RDS CPUUtilization DBInstanceIdentifier=prod-db &lt; 70 for 10m</c>
/// (namespace, metric, dimensions, comparison, threshold, and how long it must hold).
/// </summary>
public sealed partial record MetricCondition(
    string Namespace,
    string Metric,
    IReadOnlyDictionary<string, string> Dimensions,
    string Comparison,
    double Threshold,
    TimeSpan For)
{
    public const string Form = "<Namespace> <Metric> [Name=Value ...] <|<=|>|>= <number> for <N>m";

    public static bool TryParse(string text, out MetricCondition? condition, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        condition = null;
        var match = Pattern().Match(text.Trim());
        if (!match.Success)
        {
            error = $"\"{text}\" is not a metric condition; write {Form}, e.g. AWS/RDS CPUUtilization DBInstanceIdentifier=prod-db < 70 for 10m";
            return false;
        }

        var dimensions = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Capture pair in match.Groups["dim"].Captures)
        {
            var parts = pair.Value.Split('=', 2);
            if (!dimensions.TryAdd(parts[0], parts[1]))
            {
                error = $"\"{text}\" names dimension {parts[0]} twice.";
                return false;
            }
        }

        var amount = int.Parse(match.Groups["n"].Value, CultureInfo.InvariantCulture);
        var window = match.Groups["unit"].Value switch
        {
            "s" => TimeSpan.FromSeconds(amount),
            "m" => TimeSpan.FromMinutes(amount),
            _ => TimeSpan.FromHours(amount),
        };
        if (window <= TimeSpan.Zero || window > TimeSpan.FromDays(1))
        {
            error = $"\"{text}\": the window must be more than 0 and at most 24h.";
            return false;
        }

        condition = new MetricCondition(
            match.Groups["ns"].Value,
            match.Groups["metric"].Value,
            dimensions,
            match.Groups["op"].Value,
            double.Parse(match.Groups["threshold"].Value, CultureInfo.InvariantCulture),
            window);
        error = null;
        return true;
    }

    public override string ToString() =>
        string.Join(' ', new[] { Namespace, Metric }.Concat(Dimensions.Select(d => $"{d.Key}={d.Value}")))
        + string.Create(CultureInfo.InvariantCulture, $" {Comparison} {Threshold} for {(int)For.TotalMinutes}m");

    [GeneratedRegex(@"^(?<ns>[A-Za-z0-9_./:-]+)\s+(?<metric>[A-Za-z0-9_.:-]+)(?:\s+(?<dim>[A-Za-z0-9_.:-]+=[^\s=<>]+))*\s+(?<op><=|>=|<|>)\s+(?<threshold>-?\d+(?:\.\d+)?)\s+for\s+(?<n>\d+)(?<unit>[smh])$")]
    private static partial Regex Pattern();
}
