using System.Text.Json.Serialization;

namespace IncidentBot.Workflows.Alerts;

/// <summary>
/// One alert as every source is normalised to it: Alertmanager, Grafana, a CloudWatch alarm, or the
/// generic shape. One fingerprint is one alert; its status and times change as it fires and resolves.
/// </summary>
public sealed record Alert
{
    /// <summary><c>alertmanager</c>, <c>grafana</c>, <c>cloudwatch</c> or <c>generic</c>.</summary>
    public required string Source { get; init; }
    public required string Fingerprint { get; init; }
    public required AlertStatus Status { get; init; }
    public required string Name { get; init; }
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();
    public required DateTimeOffset StartsAt { get; init; }
    public DateTimeOffset? EndsAt { get; init; }
    /// <summary>Where the alert came from (Prometheus's graph, Grafana's panel), then any dashboards it names.</summary>
    public IReadOnlyList<string> Links { get; init; } = [];

    /// <summary>Alertmanager's page to silence exactly this alert (its labels as matchers), when its address is known.</summary>
    public string? SilenceUrl { get; init; }

    /// <summary>The sender's own group (Alertmanager's <c>groupKey</c>), for grouping as Alertmanager does.</summary>
    public string? GroupKey { get; init; }

    /// <summary>The metric behind the alert, when the source says (a CloudWatch alarm does).</summary>
    public AlertMetric? Metric { get; init; }

    /// <summary>The label or annotation <paramref name="key"/>, if the alert has it.</summary>
    public string? Label(string key) => Labels.TryGetValue(key, out var value) ? value : null;

    /// <summary>The annotation <paramref name="key"/> (<c>summary</c>, <c>description</c>, <c>runbook_url</c>), if set.</summary>
    public string? Annotation(string key) => Annotations.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value) ? value : null;
}

[JsonConverter(typeof(JsonStringEnumConverter<AlertStatus>))]
public enum AlertStatus
{
    Firing,
    Resolved,
}

/// <summary>
/// A CloudWatch metric: where it is, and the alarm's test of it (<c>GreaterThanThreshold 70</c>).
/// <see cref="Expression"/> is set for metric-math alarms, whose metric here is the first one the
/// expression reads.
/// </summary>
public sealed record AlertMetric(string Namespace, string Name, IReadOnlyDictionary<string, string> Dimensions)
{
    public string? Statistic { get; init; }
    public int? PeriodSeconds { get; init; }
    public string? Comparison { get; init; }
    public double? Threshold { get; init; }

    /// <summary>How many periods the alarm reads before it changes state.</summary>
    public int? EvaluationPeriods { get; init; }
    public string? Expression { get; init; }
}
