using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using IncidentBot.Workflows.Chat;
using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Outbox;
using Microsoft.Extensions.Options;

namespace IncidentBot.Chat.Teams;

/// <summary>
/// What the bot says in Teams: replies in an incident's war room (under its notice while it has none;
/// never waiting for a room that is not coming), answers in the conversation a command came from, and
/// explanations to one person in their own chat with the bot.
/// </summary>
public sealed class TeamsPosts(
    TeamsConnector connector,
    TeamsViews views,
    KeptMessages kept,
    IOutboxStore outbox,
    IOptions<TeamsOptions> options)
{
    /// <summary>Each person's chat with the bot, once opened: Teams gives the same one every time, so it is asked once.</summary>
    private readonly ConcurrentDictionary<string, string> _chats = new(StringComparer.Ordinal);

    public async Task<DeliveryOutcome> PostAsync(OutboxItem item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        var payload = JsonNode.Parse(item.Payload)!;
        var id = IncidentId.Parse(payload["incident"]!.GetValue<string>());
        if (await views.ReadAsync(id, cancellationToken) is not { } view)
        {
            return DeliveryOutcome.Drop($"there is no incident {id}");
        }

        if (view.RoomElsewhere)
        {
            return DeliveryOutcome.Drop($"{id}'s war room is {view.Room}, not in Teams");
        }

        var message = ReplyJson.Read(payload["message"]!.ToJsonString());
        if (view.TeamsRoom is { } room)
        {
            await connector.SendAsync(room, TeamsCards.Activity(message), cancellationToken);
            return DeliveryOutcome.Done(view.Version);
        }

        // No room, and none coming (detected, dismissed): under its notice, once the notice is posted.
        if (await kept.FindAsync(TeamsPlatform.Kept("notice", id), cancellationToken) is { } notice)
        {
            var channel = await views.ChannelAsync(TeamsPlatform.ChannelOf(notice.Conversation), cancellationToken);
            await connector.SendAsync(channel with { Conversation = notice.Conversation }, TeamsCards.Activity(message), cancellationToken);
            return DeliveryOutcome.Done(view.Version);
        }

        return (await outbox.QueueAsync(OutboxNames.NoticeQueue(TeamsPlatform.Name, id), 1, cancellationToken)).Count > 0
            ? DeliveryOutcome.Wait($"{id}'s notice in the incidents channel is not posted yet")
            : DeliveryOutcome.Drop($"{id} has no war room and was not announced in Teams, so there is nowhere to post its reply");
    }

    /// <summary>A command's answer in the conversation it was typed in.</summary>
    public async Task<DeliveryOutcome> AnswerAsync(OutboxItem item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        var payload = JsonNode.Parse(item.Payload)!;
        if (RoomAddress.FromJson(payload["room"]) is not { Platform: TeamsPlatform.Name } room)
        {
            return DeliveryOutcome.Drop("an answer needs a Teams conversation");
        }

        await connector.SendAsync(room, TeamsCards.Activity(ReplyJson.Read(payload["message"]!.ToJsonString())), cancellationToken);
        return DeliveryOutcome.Done();
    }

    /// <summary>Something for one person alone: in their chat with the bot (opened if need be); Teams has no private messages in channels.</summary>
    public async Task<DeliveryOutcome> ExplainAsync(OutboxItem item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        var payload = JsonNode.Parse(item.Payload)!;
        var user = payload["user"]?.GetValue<string>();
        if (RoomAddress.FromJson(payload["room"]) is not { Platform: TeamsPlatform.Name } room || user is null)
        {
            return DeliveryOutcome.Drop("an explanation needs a Teams conversation and a user");
        }

        var message = ReplyJson.Read(payload["message"]!.ToJsonString());
        if (!room.Conversation.StartsWith("a:", StringComparison.Ordinal) && _chats.TryGetValue(user, out var known))
        {
            room = room with { Conversation = known };
        }
        else if (!room.Conversation.StartsWith("a:", StringComparison.Ordinal))
        {
            var chat = await connector.CreateConversationAsync(connector.ServiceUrl(room), room.Tenant, new JsonObject
            {
                ["bot"] = new JsonObject { ["id"] = "28:" + options.Value.AppId },
                ["members"] = new JsonArray(new JsonObject { ["id"] = user }),
                ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = room.Tenant } },
            }, cancellationToken);
            room = room with { Conversation = chat["id"]?.GetValue<string>() ?? throw new TeamsApiException("create conversation", "no_id", "The Bot Connector answered without the chat's id.", null, transient: true) };
            _chats[user] = room.Conversation;
        }

        await connector.SendAsync(room, TeamsCards.Activity(message), cancellationToken);
        return DeliveryOutcome.Done();
    }
}
