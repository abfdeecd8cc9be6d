using System.Text.Json.Nodes;
using IncidentBot.Workflows.Chat;
using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Language;
using IncidentBot.Workflows.Outbox;
using Microsoft.Extensions.Options;

namespace IncidentBot.Chat.Teams;

/// <summary>
/// Keeps what Teams shows of an incident current: its card, work board and alert summary in its
/// war room, and its notice in the incidents channel (Declare and Dismiss while detected, then where
/// its war room is). Posts the notice: a thread of its own in the incidents channel.
/// </summary>
public sealed class TeamsRefresh(
    TeamsConnector connector,
    TeamsViews views,
    KeptMessages kept,
    IOutboxStore outbox,
    IEnumerable<ChatPlatform> platforms,
    IOptions<TeamsOptions> options)
{
    public async Task<DeliveryOutcome> RefreshAsync(OutboxItem item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        var id = Incident(item);
        if (await views.ReadAsync(id, cancellationToken) is not { } view)
        {
            return DeliveryOutcome.Drop($"there is no incident {id}");
        }

        if (view.TeamsRoom is null && !view.RoomElsewhere && await RoomPendingAsync(id, cancellationToken))
        {
            return DeliveryOutcome.Wait($"{id}'s war room is still being opened");
        }

        var shown = new List<(string What, BotMessage Message)> { ("card", view.Card), ("board", view.Board) };
        if (view.Alerts is { } alerts)
        {
            shown.Add(("alerts", alerts));
        }

        if (await kept.FindAsync(TeamsPlatform.Kept("notice", id), cancellationToken) is { } notice && notice.MessageId != (await kept.FindAsync(TeamsPlatform.Kept("card", id), cancellationToken))?.MessageId)
        {
            shown.Add(("notice", view.Room is { } room ? view.Card with { Buttons = [], Context = [Say.T($"Declared: its war room is in {PlatformName(room)}.", $"宣言済みです。対応チャンネルは {PlatformName(room)} にあります。")] } : view.Card));
        }

        foreach (var (what, message) in shown)
        {
            if (await kept.FindAsync(TeamsPlatform.Kept(what, id), cancellationToken) is { MessageId.Length: > 0 } posted)
            {
                var place = await views.ChannelAsync(TeamsPlatform.ChannelOf(posted.Conversation), cancellationToken) with { Conversation = posted.Conversation };
                await kept.RefreshAsync(posted, TeamsCards.Render(message).ToJsonString(),
                    () => connector.UpdateAsync(place, posted.MessageId, TeamsCards.Activity(message), cancellationToken), cancellationToken);
            }
        }

        return DeliveryOutcome.Done(view.Version);
    }

    /// <summary>Announces a new incident in the incidents channel: a thread of its own, its first post the card.</summary>
    public async Task<DeliveryOutcome> NoticeAsync(OutboxItem item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        var id = Incident(item);
        if (options.Value.IncidentsChannel is not { Length: > 0 } incidents)
        {
            return DeliveryOutcome.Drop($"{id} cannot be announced: Teams__IncidentsChannel is not set any more");
        }

        if (await views.ReadAsync(id, cancellationToken) is not { } view)
        {
            return DeliveryOutcome.Drop($"there is no incident {id}");
        }

        var card = view.RoomElsewhere ? view.Card with { Context = [.. view.Card.Context, Say.T($"Its war room is in {PlatformName(view.Room!)}.", $"対応チャンネルは {PlatformName(view.Room!)} にあります。")] } : view.Card;
        var channel = await views.ChannelAsync(incidents, cancellationToken);
        var created = await connector.CreateConversationAsync(channel.ServiceUrl!, channel.Tenant, TeamsRooms.Thread(incidents, card), cancellationToken);
        var (conversation, message) = TeamsRooms.ThreadOf(incidents, created);
        await kept.RememberAsync(TeamsPlatform.Kept("notice", id), conversation, message, TeamsCards.Render(card).ToJsonString(), cancellationToken);
        return DeliveryOutcome.Done(view.Version);
    }

    private static IncidentId Incident(OutboxItem item) => IncidentId.Parse(JsonNode.Parse(item.Payload)!["incident"]!.GetValue<string>());

    private async Task<bool> RoomPendingAsync(IncidentId id, CancellationToken cancellationToken) =>
        (await outbox.QueueAsync(OutboxNames.RoomQueue(TeamsPlatform.Name, id), 50, cancellationToken))
            .Any(w => OutboxNames.Split(w.Kind).Action == OutboxNames.Room);

    private string PlatformName(RoomAddress room) => platforms.FirstOrDefault(p => p.Name == room.Platform)?.DisplayName ?? room.Platform;
}
