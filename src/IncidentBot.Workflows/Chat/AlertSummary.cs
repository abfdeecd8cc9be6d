using IncidentBot.Workflows.Alerts;
using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Language;

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
            var more = incident.FiringAlerts - lines.Count;
            lines.Add(Say.T($"…and {more} more firing", $"…ほかに発火中 {more} 件"));
        }

        if (incident.UnlistedAlerts > 0)
        {
            lines.Add(Say.T(
                $"⚠ {incident.UnlistedAlerts} more not listed by Alertmanager (its max_alerts): some may be firing.",
                $"⚠ Alertmanager の一覧に含まれないアラートがほかに {incident.UnlistedAlerts} 件あります（max_alerts による）。発火中のものがあるかもしれません。"));
        }

        var byName = incident.AlertsByName.OrderByDescending(n => n.Value.Firing + n.Value.Resolved).Take(10)
            .Select(n => new MessageField(n.Key, Say.T($"{n.Value.Firing} firing, {n.Value.Resolved} resolved", $"発火中 {n.Value.Firing} 件、解決済み {n.Value.Resolved} 件")));
        return new BotMessage
        {
            Incident = incident.Id,
            Header = Say.T($"Alerts · {incident.Id}", $"アラート · {incident.Id}"),
            Text = Counts(incident) + (lines.Count > 0 ? "\n" + string.Join("\n", lines) : ""),
            Fields = [.. byName],
            Links = [.. firing.Take(3).SelectMany(AlertText.ChatLinks).DistinctBy(l => l.Url)],
        };
    }

    private static string Counts(Incident incident)
    {
        var (firing, resolved, all) = (incident.FiringAlerts, incident.AlertCount - incident.FiringAlerts, incident.AlertCount);
        return Say.T($"{firing} firing, {resolved} resolved ({all} in all).", $"発火中 {firing} 件、解決済み {resolved} 件（計 {all} 件）。");
    }
}
