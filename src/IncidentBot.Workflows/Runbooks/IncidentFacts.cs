using IncidentBot.Workflows.Incidents;

namespace IncidentBot.Workflows.Runbooks;

/// <summary>What a runbook is matched against: the incident's words, services and alerts.</summary>
public sealed record IncidentFacts(string Title, string? Summary, IReadOnlyList<string> Services, IReadOnlyList<AlertFacts> Alerts)
{
    public static IncidentFacts Of(Incident incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        // Every name, and the labels of the alerts kept in full.
        var sampled = incident.AlertSamples.Select(a => new AlertFacts(a.Name, a.Labels) { RunbookUrl = a.Annotation("runbook_url") }).ToList();
        var others = incident.AlertNames.Where(n => sampled.All(s => s.Name != n)).Select(n => new AlertFacts(n, new Dictionary<string, string>()));
        return new(incident.Title, incident.Summary, incident.Services, [.. sampled, .. others]);
    }
}

/// <summary>An alert's name and labels, and the runbook it names, as far as runbook matching needs them.</summary>
public sealed record AlertFacts(string Name, IReadOnlyDictionary<string, string> Labels)
{
    /// <summary>The alert's <c>runbook_url</c> annotation: a runbook's id, or an address ending in it.</summary>
    public string? RunbookUrl { get; init; }

    /// <summary>True when <see cref="RunbookUrl"/> names the runbook <paramref name="id"/> (<c>db-connection-storm</c>, <c>…/db-connection-storm.md</c>, <c>…/db-connection-storm#step-2</c>).</summary>
    public bool Names(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (string.IsNullOrWhiteSpace(RunbookUrl))
        {
            return false;
        }

        var path = RunbookUrl.Split('#', '?')[0].TrimEnd('/');
        var last = path[(path.LastIndexOf('/') + 1)..];
        if (last.EndsWith(".md", StringComparison.OrdinalIgnoreCase))
        {
            last = last[..^3];
        }

        return string.Equals(last, id, StringComparison.OrdinalIgnoreCase);
    }
}
