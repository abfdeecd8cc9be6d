using IncidentBot.Workflows.Incidents;

namespace IncidentBot.Workflows.Chat;

public static class IncidentListMessage
{
    public static BotMessage Render(IReadOnlyList<IncidentSummary> incidents, bool includesFinished)
    {
        ArgumentNullException.ThrowIfNull(incidents);
        var lines = incidents.Select(i =>
            $"{i.Id} · {i.Severity?.Label() ?? "SEV?"} · {i.Phase.Name()} · {i.Title}{(i.Commander is null ? " · no commander" : $" · @{i.Commander}")}");
        return new BotMessage
        {
            Header = includesFinished ? "All incidents" : "Open incidents",
            Text = incidents.Count == 0 ? (includesFinished ? "No incidents yet." : "No open incidents.") : string.Join("\n", lines),
            Visibility = MessageVisibility.Ephemeral,
        };
    }
}
