using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Language;
using IncidentBot.Workflows.Timeline;

namespace IncidentBot.Workflows.Chat;

/// <summary>The timeline as a chat message: one line an entry, numbered so it can be corrected.</summary>
public static class TimelineMessage
{
    public static BotMessage Render(Incident incident, IReadOnlyList<RecordedEvent> events, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(incident);
        var lines = TimelineBuilder.Build(events).Select(e =>
            $"#{e.Sequence} {Format.Clock(e.OccurredAt, zone)}{(e.Backdated ? "*" : "")} @{e.Actor}: {(e.Key ? "📌 " : "")}{(e.CorrectedText is null ? e.Text : Say.T($"{e.CorrectedText} (corrected by #{e.SupersededBy})", $"{e.CorrectedText}（#{e.SupersededBy} で訂正）"))}");
        return new BotMessage
        {
            Incident = incident.Id,
            Header = IncidentCard.Header(incident),
            Text = string.Join("\n", lines),
            Context = [Say.T("* backdated with `note --at`. Correct an entry with `/incident correct #<entry> <text>`.",
                "* は `note --at` でさかのぼって記録したものです。記録を訂正するには `/incident correct #<entry> <text>` を使ってください。")],
            Visibility = MessageVisibility.Ephemeral,
        };
    }
}
