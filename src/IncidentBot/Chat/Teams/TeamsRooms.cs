using System.Text.Json.Nodes;
using IncidentBot.Workflows.Chat;
using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Language;
using IncidentBot.Workflows.Outbox;
using Microsoft.Extensions.Options;

namespace IncidentBot.Chat.Teams;

/// <summary>
/// Opens an incident's war room in Teams, step by step with its progress saved. Thread mode (the
/// default, no Graph permission): a thread in <c>Teams__IncidentsChannel</c> whose first post is the
/// incident card — the thread the incident was announced in, if it was. Channel mode: a channel in
/// <c>Teams__TeamId</c> named like the Slack room (<c>inc-0042-payments-api-latency</c>, within Teams'
/// 50 characters), its first post the card, announced in the incidents channel. Then the work board
/// (and the alerts) are posted, and every one of them is kept current in place.
/// </summary>
public sealed class TeamsRooms(
    TeamsConnector connector,
    TeamsGraph graph,
    TeamsViews views,
    ChatCapture capture,
    KeptMessages kept,
    IOutboxStore outbox,
    IOptions<TeamsOptions> options,
    ILogger<TeamsRooms> logger)
{
    public async Task<DeliveryOutcome> OpenAsync(OutboxItem item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        var id = IncidentId.Parse(JsonNode.Parse(item.Payload)!["incident"]!.GetValue<string>());
        if (await views.ReadAsync(id, cancellationToken) is not { } view)
        {
            return DeliveryOutcome.Drop($"there is no incident {id}");
        }

        if (view.RoomElsewhere)
        {
            return DeliveryOutcome.Drop($"{id}'s war room is {view.Room} already");
        }

        var settings = options.Value;
        if (string.IsNullOrEmpty(settings.ChannelMode ? settings.TeamId : settings.IncidentsChannel))
        {
            return DeliveryOutcome.Drop(settings.ChannelMode ? "channel mode needs Teams__TeamId" : "thread mode needs Teams__IncidentsChannel");
        }

        var steps = new StepRunner(outbox, item);
        var progress = steps.Progress;
        if (progress.Conversation is null)
        {
            await (settings.ChannelMode ? CreateChannelAsync(id, view, steps, cancellationToken) : CreateThreadAsync(id, view, steps, cancellationToken));
        }

        var room = TeamsPlatform.Room(progress.Conversation!, await ServiceUrlAsync(cancellationToken), settings.TenantId);
        await capture.RoomOpenedAsync(id, room, progress.Name!, $"teams-room:{id}", cancellationToken);
        await steps.RunAsync("board", () => PostKeptAsync(room, "board", id, view.Board, cancellationToken), cancellationToken);
        if (view.Alerts is { } alerts)
        {
            await steps.RunAsync("alerts", () => PostKeptAsync(room, "alerts", id, alerts, cancellationToken), cancellationToken);
        }

        if (settings.ChannelMode && !string.IsNullOrEmpty(settings.IncidentsChannel))
        {
            await steps.RunAsync("announce", async () =>
            {
                var incidents = await views.ChannelAsync(settings.IncidentsChannel, cancellationToken);
                var notice = view.Card with { Buttons = [], Context = [Say.T($"War room: the channel {progress.Name}.", $"対応チャンネルはチャンネル {progress.Name} です。")] };
                await connector.CreateConversationAsync(incidents.ServiceUrl!, incidents.Tenant, Thread(incidents.Conversation, notice), cancellationToken);
            }, cancellationToken);
        }

        await kept.RememberAsync(TeamsPlatform.Kept("room", id), room.Conversation, "", "opened", cancellationToken);
        return DeliveryOutcome.Done(view.Version);
    }

    /// <summary>Thread mode: the notice's thread if the incident was announced, else a new thread with the card.</summary>
    private async Task CreateThreadAsync(IncidentId id, TeamsView view, StepRunner steps, CancellationToken cancellationToken)
    {
        if (await kept.FindAsync(TeamsPlatform.Kept("notice", id), cancellationToken) is { } notice)
        {
            await kept.RememberAsync(TeamsPlatform.Kept("card", id), notice.Conversation, notice.MessageId, "", cancellationToken);
            (steps.Progress.Conversation, steps.Progress.Name) = (notice.Conversation, ThreadName(id));
            await steps.SaveAsync(cancellationToken);
            return;
        }

        var channel = await views.ChannelAsync(options.Value.IncidentsChannel!, cancellationToken);
        await steps.MarkSendingAsync("thread", cancellationToken); // no history to search: a crash here may post the card twice, never lose it
        var created = await connector.CreateConversationAsync(channel.ServiceUrl!, channel.Tenant, Thread(channel.Conversation, view.Card), cancellationToken);
        var (conversation, message) = ThreadOf(channel.Conversation, created);
        await kept.RememberAsync(TeamsPlatform.Kept("card", id), conversation, message, "", cancellationToken);
        (steps.Progress.Conversation, steps.Progress.Name) = (conversation, ThreadName(id));
        await steps.SaveAsync(cancellationToken);
    }

    /// <summary>Channel mode: a channel named like the Slack room (the next name when one is taken), its first post the card.</summary>
    private async Task CreateChannelAsync(IncidentId id, TeamsView view, StepRunner steps, CancellationToken cancellationToken)
    {
        var progress = steps.Progress;
        string? channel = null;
        while (channel is null)
        {
            var name = RoomNames.Slug(id, view.Title, view.Services, 50, progress.Attempt);
            await steps.ConfirmClaimAsync(cancellationToken); // a stalled replica must not open a second channel
            channel = await graph.CreateChannelAsync(name, TextCut.Cut($"{id}: {view.Title}", 1000), cancellationToken);
            if (channel is null)
            {
                logger.LogInformation("Teams channel {Name} exists already; trying the next name", name);
                progress.Attempt++;
                if (progress.Attempt > 50)
                {
                    throw new TeamsApiException("create channel", "name_taken", $"fifty names for {id} are taken in the team", null, transient: false);
                }

                continue;
            }

            progress.Name = name;
        }

        var room = TeamsPlatform.Room(channel, await ServiceUrlAsync(cancellationToken), options.Value.TenantId);
        var created = await connector.CreateConversationAsync(room.ServiceUrl!, room.Tenant, Thread(channel, view.Card), cancellationToken);
        await kept.RememberAsync(TeamsPlatform.Kept("card", id), ThreadOf(channel, created).Conversation, ThreadOf(channel, created).Message, "", cancellationToken);
        progress.Conversation = channel; // posts in a channel room are new posts in the channel
        await steps.SaveAsync(cancellationToken);
    }

    /// <summary>A thread room's name, as the incident records it.</summary>
    private static string ThreadName(IncidentId id) => Say.T($"{id} thread", $"{id} のスレッド");

    private async Task PostKeptAsync(RoomAddress room, string what, IncidentId id, BotMessage message, CancellationToken cancellationToken)
    {
        var posted = await connector.SendAsync(room, TeamsCards.Activity(message), cancellationToken);
        await kept.RememberAsync(TeamsPlatform.Kept(what, id), room.Conversation, posted, TeamsCards.Render(message).ToJsonString(), cancellationToken);
    }

    private async Task<string> ServiceUrlAsync(CancellationToken cancellationToken) =>
        (await views.ChannelAsync(options.Value.IncidentsChannel ?? "", cancellationToken)).ServiceUrl!;

    /// <summary>A new thread in <paramref name="channel"/> whose first post is <paramref name="message"/>.</summary>
    public static JsonObject Thread(string channel, BotMessage message) => new()
    {
        ["isGroup"] = true,
        ["channelData"] = new JsonObject { ["channel"] = new JsonObject { ["id"] = channel } },
        ["activity"] = TeamsCards.Activity(message),
    };

    /// <summary>The thread's conversation id (<c>19:…;messageid=…</c>) and its first post's id, from the connector's answer.</summary>
    public static (string Conversation, string Message) ThreadOf(string channel, JsonObject created)
    {
        ArgumentNullException.ThrowIfNull(created);
        var message = created["activityId"]?.GetValue<string>() ?? throw new TeamsApiException("create conversation", "no_activity", "The Bot Connector answered without the post's id.", null, transient: true);
        var conversation = created["id"]?.GetValue<string>() is { } id && id.Contains(";messageid=", StringComparison.Ordinal) ? id : $"{channel};messageid={message}";
        return (conversation, message);
    }
}
