using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Language;

namespace IncidentBot.Workflows.Chat;

public static class IncidentListMessage
{
    public static BotMessage Render(IReadOnlyList<IncidentSummary> incidents, bool includesFinished)
    {
        ArgumentNullException.ThrowIfNull(incidents);
        var lines = incidents.Select(i =>
            $"{i.Id} · {i.Severity?.Label() ?? "SEV?"} · {i.Phase.Label()} · {i.Title}{(i.Commander is null ? Say.T(" · no commander", " · インシデントコマンダー未割り当て") : $" · @{i.Commander}")}");
        return new BotMessage
        {
            Header = includesFinished ? Say.T("All incidents", "すべてのインシデント") : Say.T("Open incidents", "対応中のインシデント"),
            Text = incidents.Count == 0
                ? (includesFinished ? Say.T("No incidents yet.", "インシデントはまだありません。") : Say.T("No open incidents.", "対応中のインシデントはありません。"))
                : string.Join("\n", lines),
            Visibility = MessageVisibility.Ephemeral,
        };
    }
}
