using IncidentBot.Hosting;
using IncidentBot.Workflows.Chat;
using IncidentBot.Workflows.Commands;
using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Language;
using Microsoft.Extensions.Options;

namespace IncidentBot.Chat.Teams;

/// <summary>What Teams shows of an incident, read once per delivery.</summary>
public sealed record TeamsView(RoomAddress? Room, string Title, IReadOnlyList<string> Services, BotMessage Card, BotMessage Board, BotMessage? Alerts, Phase Phase, long Version)
{
    /// <summary>Its war room is somewhere other than Teams (Slack, the local page).</summary>
    public bool RoomElsewhere => Room is not null && Room.Platform != TeamsPlatform.Name;

    public RoomAddress? TeamsRoom => Room?.Platform == TeamsPlatform.Name ? Room : null;
}

/// <summary>
/// Renders incidents for Teams, and knows where Teams is: the service URL and tenant of the
/// incidents channel (as Teams told the bot when it was added there, else the configured ones).
/// </summary>
public sealed class TeamsViews(CommandDispatcher dispatcher, IPlacesStore places, IOptions<TeamsOptions> options, IOptions<BotOptions> bot)
{
    private readonly TimeZoneInfo _zone = TimeZoneInfo.FindSystemTimeZoneById(bot.Value.TimeZone);

    public Task<TeamsView?> ReadAsync(IncidentId id, CancellationToken cancellationToken) =>
        dispatcher.ReadAsync(id, s => new TeamsView(
            s.Room,
            s.Title,
            [.. s.Services],
            WithPage(IncidentCard.Render(s, _zone), id),
            WorkBoard.Render(s, _zone),
            s.AlertCount == 0 ? null : AlertSummary.Render(s, _zone),
            s.Phase,
            s.Version), cancellationToken);

    /// <summary>A channel of the team as a room, with the service URL and tenant Teams gave for it (else for any place, else the settings).</summary>
    public async Task<RoomAddress> ChannelAsync(string channel, CancellationToken cancellationToken)
    {
        var known = await places.PlacesAsync(TeamsPlatform.Name, cancellationToken);
        var place = known.FirstOrDefault(p => TeamsPlatform.ChannelOf(p.Room.Conversation) == channel)?.Room ?? (known.Count > 0 ? known[0].Room : null);
        return TeamsPlatform.Room(channel, place?.ServiceUrl ?? options.Value.ServiceUrl.ToString(), place?.Tenant ?? options.Value.TenantId);
    }

    private BotMessage WithPage(BotMessage card, IncidentId id) =>
        options.Value.PublicUrl is { } root ? card with { Links = [.. card.Links, new ChatLink(Say.T($"{id} incident page", $"{id} のインシデントページ"), new Uri(root, $"/#{id}").ToString())] } : card;
}
