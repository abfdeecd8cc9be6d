using IncidentBot.Workflows.Incidents;

namespace IncidentBot.Workflows.Runbooks;

/// <summary>What a runbook is matched against: the incident's words, services and alerts.</summary>
public sealed record IncidentFacts(string Title, string? Summary, IReadOnlyList<string> Services, IReadOnlyList<AlertFacts> Alerts)
{
    public static IncidentFacts Of(Incident incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        return new(incident.Title, incident.Summary, incident.Services, [.. incident.Alerts.Select(a => new AlertFacts(a.Name, a.Labels))]);
    }
}

/// <summary>An alert's name and labels, as far as runbook matching needs them.</summary>
public sealed record AlertFacts(string Name, IReadOnlyDictionary<string, string> Labels);
