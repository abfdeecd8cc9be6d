using IncidentBot.Hosting;
using IncidentBot.Workflows.Chat;
using IncidentBot.Workflows.Commands;
using IncidentBot.Workflows.Incidents;
using Microsoft.Extensions.Options;

namespace IncidentBot.Chat.Slack;

/// <summary>Renders incidents for Slack: the card, board, alert summary and channel topic, and the incident page's address.</summary>
public sealed class SlackViews(CommandDispatcher dispatcher, IOptions<SlackOptions> options, IOptions<BotOptions> bot)
{
    private readonly TimeZoneInfo _zone = TimeZoneInfo.FindSystemTimeZoneById(bot.Value.TimeZone);

    /// <summary>The incident as Slack shows it, read under its gate; null when there is no such incident.</summary>
    public Task<SlackRoomView?> ReadAsync(IncidentId id, CancellationToken cancellationToken) =>
        dispatcher.ReadAsync(id, s => new SlackRoomView(
            s.Room,
            s.Title,
            [.. s.Services],
            Topic(s),
            IncidentCard.Render(s, _zone),
            WorkBoard.Render(s, _zone),
            s.AlertCount == 0 ? null : AlertSummary.Render(s, _zone),
            s.Phase,
            s.RoomName,
            s.Version), cancellationToken);

    public string? IncidentPage(IncidentId id) => options.Value.PublicUrl is { } root ? new Uri(root, $"/#{id}").ToString() : null;

    private string Topic(Incident incident)
    {
        var topic = $"{incident.Id} · {incident.Severity?.Label() ?? "sev?"} · {incident.Phase.Name()} · commander: {(incident.Commander is { } c ? "@" + c : "needed")}";
        if (IncidentPage(incident.Id) is { } page)
        {
            topic += " · " + page;
        }

        return TextCut.Cut(topic, 250);
    }
}
