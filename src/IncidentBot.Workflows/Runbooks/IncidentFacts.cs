using IncidentBot.Workflows.Incidents;

namespace IncidentBot.Workflows.Runbooks;

/// <summary>What a runbook is matched against: the incident's words, services and alerts.</summary>
public sealed record IncidentFacts(string Title, string? Summary, IReadOnlyList<string> Services, IReadOnlyList<AlertFacts> Alerts)
{
    public static IncidentFacts Of(Incident incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        // Every name, and the labels of the alerts kept in full.
        var sampled = incident.AlertSamples.Select(a => new AlertFacts(a.Name, a.Labels)).ToList();
        var others = incident.AlertNames.Where(n => sampled.All(s => s.Name != n)).Select(n => new AlertFacts(n, new Dictionary<string, string>()));
        return new(incident.Title, incident.Summary, incident.Services, [.. sampled, .. others]);
    }
}

/// <summary>An alert's name and labels, as far as runbook matching needs them.</summary>
public sealed record AlertFacts(string Name, IReadOnlyDictionary<string, string> Labels);
