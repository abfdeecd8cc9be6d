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
        var lines = firing.Take(MaxListed).Select(a => AlertText.Line(a, zone)).ToList();
        if (incident.FiringAlerts > lines.Count)
        {
            lines.Add($"…and {incident.FiringAlerts - lines.Count} more firing");
        }

        if (incident.UnlistedAlerts > 0)
        {
            lines.Add($"⚠ {incident.UnlistedAlerts} more not listed by Alertmanager (its max_alerts): some may be firing.");
        }

        var byName = incident.AlertsByName.OrderByDescending(n => n.Value.Firing + n.Value.Resolved).Take(10)
            .Select(n => new MessageField(n.Key, $"{n.Value.Firing} firing, {n.Value.Resolved} resolved"));
        return new BotMessage
        {
            Incident = incident.Id,
            Header = $"Alerts · {incident.Id}",
            Text = $"{incident.FiringAlerts} firing, {incident.AlertCount - incident.FiringAlerts} resolved ({incident.AlertCount} in all)." + (lines.Count > 0 ? "\n" + string.Join("\n", lines) : ""),
            Fields = [.. byName],
            Links = [.. firing.Take(3).SelectMany(AlertText.ChatLinks).DistinctBy(l => l.Url)],
        };
    }
}
