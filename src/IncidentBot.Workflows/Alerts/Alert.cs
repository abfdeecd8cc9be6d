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

    /// <summary>The sender's own page (Alertmanager's <c>externalURL</c>), where the alert can be silenced.</summary>
    public string? SenderUrl { get; init; }

    /// <summary>A page to silence this alert that the sender gave (Grafana's <c>silenceURL</c>).</summary>
    public string? GivenSilenceUrl { get; init; }

    /// <summary>
    /// Where to silence exactly this alert: the sender's own link, else Alertmanager's new-silence page
    /// with the alert's labels as matchers. Built when shown, not stored: a storm's events stay small.
    /// </summary>
    [JsonIgnore]
    public string? SilenceUrl => GivenSilenceUrl ?? (SenderUrl is { } sender ? SilenceLink(sender, Labels) : null);

    /// <summary>The sender's own group (Alertmanager's <c>groupKey</c>), for grouping as Alertmanager does.</summary>
    public string? GroupKey { get; init; }

    /// <summary>The metric behind the alert, when the source says (a CloudWatch alarm does).</summary>
    public AlertMetric? Metric { get; init; }

    /// <summary>Alertmanager's page for a new silence with <paramref name="labels"/> as exact matchers.</summary>
    public static string SilenceLink(string senderUrl, IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(senderUrl);
        ArgumentNullException.ThrowIfNull(labels);
        var matchers = string.Join(", ", labels.OrderBy(l => l.Key, StringComparer.Ordinal)
            .Select(l => $"{l.Key}=\"{l.Value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\""));
        return $"{senderUrl.TrimEnd('/')}/#/silences/new?filter={Uri.EscapeDataString("{" + matchers + "}")}";
    }

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
