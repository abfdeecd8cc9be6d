namespace IncidentBot.Workflows.Incidents;

/// <summary>How alerts fold into an incident: counts by status and name, the first to fire, and the first fifty in full.</summary>
public sealed partial class Incident
{
    private void ApplyAlert(Alerts.Alert alert)
    {
        var firing = alert.Status == Alerts.AlertStatus.Firing;
        var counts = _alertsByName.GetValueOrDefault(alert.Name);
        if (_alerts.TryGetValue(alert.Fingerprint, out var before))
        {
            var wasFiring = before.Status == Alerts.AlertStatus.Firing;
            FiringAlerts += (firing ? 1 : 0) - (wasFiring ? 1 : 0);
            counts = counts with { Firing = counts.Firing + (firing ? 1 : 0) - (wasFiring ? 1 : 0), Resolved = counts.Resolved + (firing ? 0 : 1) - (wasFiring ? 0 : 1) };
        }
        else
        {
            FiringAlerts += firing ? 1 : 0;
            counts = counts with { Firing = counts.Firing + (firing ? 1 : 0), Resolved = counts.Resolved + (firing ? 0 : 1) };
        }

        _alerts[alert.Fingerprint] = new AlertState(alert.Status, alert.StartsAt);
        if (FirstAlert is null || alert.StartsAt < FirstAlert.StartsAt)
        {
            FirstAlert = alert;
        }
        _alertsByName[alert.Name] = counts;
        if (_alertSamples.ContainsKey(alert.Fingerprint) || _alertSamples.Count < MaxAlertSamples)
        {
            _alertSamples[alert.Fingerprint] = alert;
        }
    }
}
