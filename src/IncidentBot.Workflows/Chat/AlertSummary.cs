using IncidentBot.Workflows.Alerts;
using IncidentBot.Workflows.Incidents;

namespace IncidentBot.Workflows.Chat;

/// <summary>An incident's alerts as one message the bot keeps current: counts, then the firing ones.</summary>
public static class AlertSummary
{
    private const int MaxListed = 10;

    public static BotMessage Render(Incident incident, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(incident);
        var alerts = incident.Alerts;
        var firing = alerts.Where(a => a.Status == AlertStatus.Firing).OrderBy(a => a.StartsAt).ToList();
        var lines = firing.Take(MaxListed).Select(a => $"🔥 {a.Name}{Where(a)} since {Format.Clock(a.StartsAt, zone)}{(a.Links.Count > 0 ? " " + a.Links[0] : "")}").ToList();
        if (firing.Count > MaxListed)
        {
            lines.Add($"…and {firing.Count - MaxListed} more firing");
        }

        var byName = alerts.GroupBy(a => a.Name).OrderByDescending(g => g.Count()).Take(10)
            .Select(g => new MessageField(g.Key, $"{g.Count(a => a.Status == AlertStatus.Firing)} firing, {g.Count(a => a.Status == AlertStatus.Resolved)} resolved"));
        return new BotMessage
        {
            Incident = incident.Id,
            Header = $"Alerts · {incident.Id}",
            Text = $"{firing.Count} firing, {alerts.Count - firing.Count} resolved ({alerts.Count} in all)." + (lines.Count > 0 ? "\n" + string.Join("\n", lines) : ""),
            Fields = [.. byName],
        };
    }

    private static string Where(Alert alert)
    {
        var place = alert.Label("instance") ?? alert.Label("service") ?? alert.Label("job")
            ?? (alert.Metric is { } m && m.Dimensions.Count > 0 ? string.Join(",", m.Dimensions.Select(d => $"{d.Key}={d.Value}")) : null);
        return place is null ? "" : $" ({place})";
    }
}
