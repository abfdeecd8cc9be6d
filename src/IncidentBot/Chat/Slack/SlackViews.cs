using IncidentBot.Hosting;
using IncidentBot.Workflows.Chat;
using IncidentBot.Workflows.Commands;
using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Language;
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
            s.Severity?.Label() ?? Say.T("not set", "重要度未設定"),
            s.Version), cancellationToken);

    /// <summary>The incident page's title where Slack links it (bookmark, announcement).</summary>
    public static string PageTitle(IncidentId id) => Say.T($"{id} incident page", $"{id} のインシデントページ");

    public string? IncidentPage(IncidentId id) => options.Value.PublicUrl is { } root ? new Uri(root, $"/#{id}").ToString() : null;

    private string Topic(Incident incident)
    {
        var severity = incident.Severity?.Label() ?? "sev?";
        var commander = incident.Commander is { } c ? "@" + c : null;
        var topic = Say.T(
            $"{incident.Id} · {severity} · {incident.Phase.Name()} · commander: {commander ?? "needed"}",
            $"{incident.Id} · {severity} · {incident.Phase.Label()} · インシデントコマンダー：{commander ?? "未定"}");
        if (IncidentPage(incident.Id) is { } page)
        {
            topic += " · " + page;
        }

        return TextCut.Cut(topic, 250);
    }
}
