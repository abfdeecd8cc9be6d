using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Timeline;

namespace IncidentBot.Workflows.Chat;

/// <summary>The timeline as a chat message: one line an entry, numbered so it can be corrected.</summary>
public static class TimelineMessage
{
    public static BotMessage Render(Incident incident, IReadOnlyList<RecordedEvent> events, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(incident);
        var lines = TimelineBuilder.Build(events).Select(e =>
            $"#{e.Sequence} {Format.Clock(e.OccurredAt, zone)}{(e.Backdated ? "*" : "")} @{e.Actor}: {(e.Key ? "📌 " : "")}{(e.CorrectedText is null ? e.Text : $"{e.CorrectedText} (corrected by #{e.SupersededBy})")}");
        return new BotMessage
        {
            Incident = incident.Id,
            Header = IncidentCard.Header(incident),
            Text = string.Join("\n", lines),
            Context = ["* backdated with `note --at`. Correct an entry with `/incident correct #<entry> <text>`."],
            Visibility = MessageVisibility.Ephemeral,
        };
    }
}
