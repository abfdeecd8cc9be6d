using System.Globalization;
using IncidentBot.Workflows.Incidents;

namespace IncidentBot.Workflows.Alerts;

/// <summary>
/// How alerts become incidents: which alerts are one group (one incident), for how long a group
/// keeps joining the same incident, and what a new incident from a group is called and how severe.
/// </summary>
public sealed record AlertRules
{
    /// <summary>
    /// Labels that together name a group; <c>alertname</c> is the alert's name. An alert from a
    /// CloudWatch alarm is always grouped by its alarm. Default: the same alert name and service.
    /// </summary>
    public IReadOnlyList<string> GroupBy { get; init; } = ["alertname", "service"];

    /// <summary>An alert joins its group's open incident if the group was last heard of within this window.</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromHours(4);

    /// <summary>The group an alert belongs to.</summary>
    public string GroupKey(Alert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        if (alert.Source == "cloudwatch")
        {
            return "cloudwatch:" + (alert.Label("alarm_arn") ?? alert.Name);
        }

        return string.Join('|', GroupBy.Select(label => label == "alertname" ? alert.Name : $"{label}={Service(alert, label)}"));
    }

    /// <summary>The service an alert is about: its <c>service</c> label, else <c>job</c>, <c>app</c> or <c>namespace</c>.</summary>
    private static string Service(Alert alert, string label) =>
        alert.Label(label) ?? (label == "service" ? alert.Label("job") ?? alert.Label("app") ?? alert.Label("namespace") ?? "" : "");

    /// <summary>A new incident's title: the alert's summary when it has one, else its name and service.</summary>
    public static string Title(Alert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var service = Service(alert, "service");
        var title = alert.Annotations.TryGetValue("summary", out var summary) && !string.IsNullOrWhiteSpace(summary)
            ? $"{alert.Name}: {summary}"
            : service.Length > 0 ? $"{alert.Name} on {service}" : alert.Name;
        return title.Length <= Commands.IncidentOpening.MaxTitleLength ? title : title[..(Commands.IncidentOpening.MaxTitleLength - 1)] + "…";
    }

    /// <summary>The severity a <c>severity</c> or <c>priority</c> label asks for: sev1-4, p1-4, critical/page, error/high, warning, info.</summary>
    public static Severity? SeverityOf(Alert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var label = (alert.Label("severity") ?? alert.Label("priority") ?? "").Trim().ToLowerInvariant();
        return label switch
        {
            "sev1" or "p1" or "1" => Severity.Sev1,
            "critical" or "page" or "sev2" or "p2" or "2" => Severity.Sev2,
            "error" or "high" or "major" or "sev3" or "p3" or "3" => Severity.Sev3,
            "warning" or "warn" or "minor" or "info" or "low" or "sev4" or "p4" or "4" => Severity.Sev4,
            _ => null,
        };
    }

    /// <summary>Parses <c>Alerts__GroupBy</c> (comma-separated labels).</summary>
    public static IReadOnlyList<string> ParseGroupBy(string? text) =>
        string.IsNullOrWhiteSpace(text) ? ["alertname", "service"] : [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(l => l.ToLower(CultureInfo.InvariantCulture))];
}
