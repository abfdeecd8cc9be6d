using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using IncidentBot.Workflows.Alerts;

namespace IncidentBot.Alerts;

/// <summary>CloudWatch alarms as SNS delivers them (protocols §C3), read into <see cref="Alert"/>s.</summary>
public static partial class AlertPayloads
{
    /// <summary>
    /// A CloudWatch alarm's state change (the SNS Message, itself JSON). Handles the quirks: offsets
    /// written <c>+0000</c>, lower-case dimension keys, the region's display name, metric-math alarms.
    /// INSUFFICIENT_DATA is no news: null.
    /// </summary>
    public static Alert? CloudWatch(string message)
    {
        JsonObject alarm;
        try
        {
            alarm = JsonNode.Parse(message) as JsonObject ?? throw new FormatException("The SNS message is not a CloudWatch alarm (not a JSON object).");
        }
        catch (JsonException ex)
        {
            throw new FormatException("The SNS message is not a CloudWatch alarm (not JSON).", ex);
        }

        var name = Text(alarm, "AlarmName") ?? throw new FormatException("The SNS message is not a CloudWatch alarm (no AlarmName).");
        var state = Text(alarm, "NewStateValue");
        if (state is not ("ALARM" or "OK"))
        {
            return null;
        }

        var arn = Text(alarm, "AlarmArn");
        var labels = new Dictionary<string, string>(StringComparer.Ordinal) { ["alarm"] = name };
        void Add(string key, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                labels[key] = value;
            }
        }

        Add("alarm_arn", arn);
        Add("account", Text(alarm, "AWSAccountId"));
        Add("region", Text(alarm, "Region"));
        Add("region_code", arn?.Split(':') is { Length: > 3 } parts ? parts[3] : null);
        var metric = Metric(alarm["Trigger"] as JsonObject);
        if (metric is not null)
        {
            Add("namespace", metric.Namespace);
            Add("metric", metric.Name);
            foreach (var (key, value) in metric.Dimensions)
            {
                labels[key] = value;
            }
        }

        var changed = Time(Text(alarm, "StateChangeTime"), "StateChangeTime") ?? throw new FormatException("The alarm has no StateChangeTime.");
        var annotations = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Text(alarm, "NewStateReason") is { } reason)
        {
            annotations["description"] = reason;
        }

        if (Text(alarm, "AlarmDescription") is { Length: > 0 } description)
        {
            annotations["summary"] = description;
        }

        return new Alert
        {
            Source = "cloudwatch",
            // One alarm is one alert; each time it goes into ALARM it fires again (a new start).
            Fingerprint = arn ?? "cloudwatch:" + name,
            Status = state == "ALARM" ? AlertStatus.Firing : AlertStatus.Resolved,
            Name = name,
            Labels = labels,
            Annotations = annotations,
            StartsAt = changed,
            EndsAt = state == "OK" ? changed : null,
            Metric = metric,
        };
    }

    private static AlertMetric? Metric(JsonObject? trigger)
    {
        if (trigger is null)
        {
            return null;
        }

        var comparison = Text(trigger, "ComparisonOperator");
        var threshold = trigger["Threshold"] is JsonValue t && t.TryGetValue<double>(out var value) ? value : (double?)null;
        var periods = trigger["EvaluationPeriods"] is JsonValue p && p.TryGetValue<int>(out var count) ? count : (int?)null;
        if (Text(trigger, "MetricName") is { } metricName && Text(trigger, "Namespace") is { } ns)
        {
            return new AlertMetric(ns, metricName, Dimensions(trigger["Dimensions"]))
            {
                Statistic = Text(trigger, "Statistic") is { } statistic ? Capitalised(statistic) : Text(trigger, "ExtendedStatistic"),
                PeriodSeconds = trigger["Period"]?.GetValue<int>(),
                Comparison = comparison,
                Threshold = threshold,
                EvaluationPeriods = periods,
            };
        }

        // Metric math: the expression's first input metric stands for it (for evidence and checks).
        var metrics = trigger["Metrics"] as JsonArray ?? [];
        var expression = metrics.Select(m => Text(m as JsonObject, "Expression")).FirstOrDefault(e => e is not null);
        var stat = metrics.Select(m => m?["MetricStat"] as JsonObject).FirstOrDefault(m => m is not null);
        if (stat?["Metric"] is not JsonObject inner || Text(inner, "MetricName") is not { } name || Text(inner, "Namespace") is not { } space)
        {
            return null;
        }

        return new AlertMetric(space, name, Dimensions(inner["Dimensions"]))
        {
            Statistic = Text(stat, "Stat"),
            PeriodSeconds = stat["Period"]?.GetValue<int>(),
            Comparison = comparison,
            Threshold = threshold,
            EvaluationPeriods = periods,
            Expression = expression,
        };
    }

    /// <summary>CloudWatch writes dimensions as <c>{"value": …, "name": …}</c> in alarms and <c>{"Name", "Value"}</c> elsewhere.</summary>
    private static Dictionary<string, string> Dimensions(JsonNode? node)
    {
        var dimensions = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in node as JsonArray ?? [])
        {
            if (item is JsonObject d && (Text(d, "name") ?? Text(d, "Name")) is { } key && (Text(d, "value") ?? Text(d, "Value")) is { } value)
            {
                dimensions[key] = value;
            }
        }

        return dimensions;
    }

    private static string Capitalised(string statistic) => statistic.ToUpperInvariant() switch
    {
        "AVERAGE" => "Average",
        "SUM" => "Sum",
        "MINIMUM" => "Minimum",
        "MAXIMUM" => "Maximum",
        "SAMPLECOUNT" or "SAMPLE_COUNT" => "SampleCount",
        _ => statistic,
    };
}
