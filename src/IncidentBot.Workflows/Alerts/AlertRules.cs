using System.Globalization;
using IncidentBot.Workflows.Incidents;

namespace IncidentBot.Workflows.Alerts;

/// <summary>
/// How alerts become incidents: which alerts are one group (one incident), for how long a quiet group
/// keeps joining the same incident, which service an alert is about, and what a new incident from a
/// group is called and how severe.
/// </summary>
public sealed record AlertRules
{
    /// <summary>Group as the sender grouped them: Alertmanager's <c>groupKey</c> (one notification group, one incident).</summary>
    public const string SenderGroups = "alertmanager";

    /// <summary>
    /// Labels that together name a group; <c>alertname</c> is the alert's name, <c>service</c> the
    /// alert's service (see <see cref="ServiceLabel"/>), and <see cref="SenderGroups"/> the sender's own
    /// groups. An alert from a CloudWatch alarm is always grouped by its alarm, a silent heartbeat by its
    /// name. Default: the same alert name and service.
    /// </summary>
    public IReadOnlyList<string> GroupBy { get; init; } = ["alertname", "service"];

    /// <summary>A new firing joins its group's open incident if the group was last heard of within this window.</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromHours(4);

    /// <summary>The label naming an alert's service; when an alert lacks it, <c>job</c> (then <c>app</c>, <c>namespace</c>).</summary>
    public string ServiceLabel { get; init; } = "service";

    /// <summary>Severity by the value of an alert's <c>severity</c> (or <c>priority</c>) label, lower case; a value not here sets none.</summary>
    public IReadOnlyDictionary<string, Severity> Severities { get; init; } = DefaultSeverities;

    /// <summary>critical and page → SEV2 (a person decides on SEV1), error/high/major → SEV3, warning/minor/info/low → SEV4; sevN and pN as written.</summary>
    public static readonly IReadOnlyDictionary<string, Severity> DefaultSeverities = new Dictionary<string, Severity>(StringComparer.OrdinalIgnoreCase)
    {
        ["sev1"] = Severity.Sev1, ["p1"] = Severity.Sev1, ["1"] = Severity.Sev1,
        ["critical"] = Severity.Sev2, ["page"] = Severity.Sev2, ["sev2"] = Severity.Sev2, ["p2"] = Severity.Sev2, ["2"] = Severity.Sev2,
        ["error"] = Severity.Sev3, ["high"] = Severity.Sev3, ["major"] = Severity.Sev3, ["sev3"] = Severity.Sev3, ["p3"] = Severity.Sev3, ["3"] = Severity.Sev3,
        ["warning"] = Severity.Sev4, ["warn"] = Severity.Sev4, ["minor"] = Severity.Sev4, ["info"] = Severity.Sev4, ["low"] = Severity.Sev4,
        ["sev4"] = Severity.Sev4, ["p4"] = Severity.Sev4, ["4"] = Severity.Sev4,
    };

    /// <summary>The group an alert belongs to.</summary>
    public string GroupKey(Alert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        if (alert.Source == "cloudwatch")
        {
            return "cloudwatch:" + (alert.Label("alarm_arn") ?? alert.Name);
        }

        if (alert.Source == "heartbeat")
        {
            return "heartbeat:" + alert.Label("heartbeat"); // each silent heartbeat is its own incident
        }

        return string.Join('|', GroupBy.Select(label => label switch
        {
            "alertname" => alert.Name,
            SenderGroups => $"group={alert.GroupKey ?? alert.Name}",
            "service" => $"service={ServiceOf(alert) ?? ""}",
            _ => $"{label}={alert.Label(label) ?? ""}",
        }));
    }

    /// <summary>The service an alert is about: its <see cref="ServiceLabel"/>, else <c>job</c>, <c>app</c> or <c>namespace</c>.</summary>
    public string? ServiceOf(Alert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        return NonEmpty(alert.Label(ServiceLabel)) ?? NonEmpty(alert.Label("job")) ?? NonEmpty(alert.Label("app")) ?? NonEmpty(alert.Label("namespace"));
    }

    /// <summary>The services a set of alerts is about, in the order first seen.</summary>
    public IReadOnlyList<string> ServicesOf(IEnumerable<Alert> alerts) =>
        [.. alerts.Select(ServiceOf).OfType<string>().Distinct(StringComparer.Ordinal)];

    /// <summary>A new incident's title: the alert's summary when it has one, else its name and service.</summary>
    public string Title(Alert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        if (alert.Source == "heartbeat" && alert.Annotation("summary") is { } silence)
        {
            return Chat.TextCut.Cut(silence, Commands.IncidentOpening.MaxTitleLength); // "Monitoring is silent: no Watchdog since …"
        }

        var service = ServiceOf(alert);
        var title = alert.Annotation("summary") is { } summary
            ? $"{alert.Name}: {summary}"
            : service is not null ? $"{alert.Name} on {service}" : alert.Name;
        return Chat.TextCut.Cut(title, Commands.IncidentOpening.MaxTitleLength);
    }

    /// <summary>The severity the alert's <c>severity</c> or <c>priority</c> label asks for, by <see cref="Severities"/>.</summary>
    public Severity? SeverityOf(Alert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var label = (alert.Label("severity") ?? alert.Label("priority") ?? "").Trim();
        return Severities.TryGetValue(label, out var severity) ? severity : null;
    }

    /// <summary>Parses <c>Alerts__GroupBy</c> (comma-separated labels, or <c>alertmanager</c>).</summary>
    public static IReadOnlyList<string> ParseGroupBy(string? text) =>
        string.IsNullOrWhiteSpace(text) ? ["alertname", "service"] : [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(l => l.ToLower(CultureInfo.InvariantCulture))];

    /// <summary>The default severities with <paramref name="overrides"/> (label value → <c>sev1</c>..<c>sev4</c>, or <c>none</c>) laid over them.</summary>
    public static IReadOnlyDictionary<string, Severity> ParseSeverities(IReadOnlyDictionary<string, string>? overrides)
    {
        var map = new Dictionary<string, Severity>(DefaultSeverities, StringComparer.OrdinalIgnoreCase);
        foreach (var (value, severity) in overrides ?? new Dictionary<string, string>())
        {
            if (severity.Trim().Equals("none", StringComparison.OrdinalIgnoreCase))
            {
                map.Remove(value);
            }
            else
            {
                map[value] = SeverityText.TryParse(severity.Trim(), out var parsed)
                    ? parsed
                    : throw new FormatException($"Alerts:Severity:{value} is '{severity}'; use sev1, sev2, sev3, sev4 or none.");
            }
        }

        return map;
    }

    private static string? NonEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;
}
