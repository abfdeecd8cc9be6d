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
        var firing = incident.AlertSamples.Where(a => a.Status == AlertStatus.Firing).OrderBy(a => a.StartsAt).ToList();
        var lines = firing.Take(MaxListed).Select(a => $"🔥 {a.Name}{Where(a)} since {Format.Clock(a.StartsAt, zone)}{(a.Links.Count > 0 ? " " + a.Links[0] : "")}").ToList();
        if (incident.FiringAlerts > lines.Count)
        {
            lines.Add($"…and {incident.FiringAlerts - lines.Count} more firing");
        }

        var byName = incident.AlertsByName.OrderByDescending(n => n.Value.Firing + n.Value.Resolved).Take(10)
            .Select(n => new MessageField(n.Key, $"{n.Value.Firing} firing, {n.Value.Resolved} resolved"));
        return new BotMessage
        {
            Incident = incident.Id,
            Header = $"Alerts · {incident.Id}",
            Text = $"{incident.FiringAlerts} firing, {incident.AlertCount - incident.FiringAlerts} resolved ({incident.AlertCount} in all)." + (lines.Count > 0 ? "\n" + string.Join("\n", lines) : ""),
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
