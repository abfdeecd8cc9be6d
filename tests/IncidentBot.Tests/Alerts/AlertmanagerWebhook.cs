using System.Globalization;
using System.Text.Json.Nodes;

namespace IncidentBot.Tests.Alerts;

/// <summary>Webhook bodies as Alertmanager 0.25+ sends them (protocols §D1, fixtures/alertmanager_v4.json).</summary>
internal static class AlertmanagerWebhook
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);

    public static JsonObject Alert(string fingerprint, string status, DateTimeOffset startsAt, string name = "CheckoutErrors", string service = "checkout",
        DateTimeOffset? endsAt = null, Dictionary<string, string>? annotations = null, Dictionary<string, string>? labels = null)
    {
        var alertLabels = new JsonObject { ["alertname"] = name, ["instance"] = fingerprint + ":9100", ["service"] = service, ["severity"] = "critical" };
        foreach (var (key, value) in labels ?? [])
        {
            alertLabels[key] = value;
        }

        var alertAnnotations = new JsonObject { ["summary"] = $"{name} on {service}" };
        foreach (var (key, value) in annotations ?? [])
        {
            alertAnnotations[key] = value;
        }

        return new JsonObject
        {
            ["status"] = status,
            ["labels"] = alertLabels,
            ["annotations"] = alertAnnotations,
            ["startsAt"] = startsAt.ToString("O", CultureInfo.InvariantCulture),
            ["endsAt"] = status == "resolved" ? (endsAt ?? startsAt.AddMinutes(5)).ToString("O", CultureInfo.InvariantCulture) : "0001-01-01T00:00:00Z", // Alertmanager's zero time while firing
            ["generatorURL"] = "http://prometheus:9090/graph?g0.expr=rate%28http_5xx%5B5m%5D%29",
            ["fingerprint"] = fingerprint,
        };
    }

    /// <summary>One notification: the group's alerts, its status (firing if any listed or unlisted alert fires), and how many max_alerts cut.</summary>
    public static string Body(string status, int truncated, string groupKey, params JsonObject[] alerts) => new JsonObject
    {
        ["receiver"] = "incidentbot",
        ["status"] = status,
        ["alerts"] = new JsonArray([.. alerts.Select(a => a.DeepClone())]),
        ["groupLabels"] = new JsonObject { ["alertname"] = alerts.Length > 0 ? alerts[0]["labels"]!["alertname"]!.GetValue<string>() : "" },
        ["commonLabels"] = new JsonObject(),
        ["commonAnnotations"] = new JsonObject(),
        ["externalURL"] = "http://alertmanager:9093",
        ["version"] = "4",
        ["groupKey"] = groupKey,
        ["truncatedAlerts"] = truncated,
    }.ToJsonString();

    public static string Body(string status, params JsonObject[] alerts) => Body(status, 0, "{}:{alertname=\"CheckoutErrors\"}", alerts);
}
