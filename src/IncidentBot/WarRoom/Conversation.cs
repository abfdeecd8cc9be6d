using System.Text.Json;
using IncidentBot.Api;
using IncidentBot.Workflows.Chat;
using IncidentBot.Workflows.Commands;
using IncidentBot.Workflows.Incidents;

namespace IncidentBot.WarRoom;

/// <summary>
/// Keeps each web exchange in the room it concerns (a start lands in the new incident's room; a
/// command about INC-7 typed in the lobby lands in INC-7's) and tells every open page.
/// </summary>
public sealed class Conversation(IConversationStore store, ChangeFeed feed, TimeProvider clock, ILogger<Conversation> logger)
{
    /// <summary>What a kept line of typing may hold; a longer paste is kept cut, with a mark.</summary>
    public const int MaxSaid = 8_000;

    /// <summary>Keeps <paramref name="request"/> and its <paramref name="reply"/>; the room it was kept in.</summary>
    public async Task<string> KeepAsync(CommandRequest request, BotMessage reply, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(reply);
        var room = RoomOf(request.Room?.Conversation ?? "web", reply.Ok ? reply.Incident : null);
        var said = request.Text.Length > MaxSaid ? request.Text[..MaxSaid] + " …" : request.Text;
        var json = JsonSerializer.Serialize(MessageJson.From(reply), JsonSerializerOptions.Web);
        // A refusal is the sender's alone; a command that did something is the room's, though a reply
        // meant for its sender ("Noted") stays theirs.
        var privacy = !reply.Ok ? ConversationPrivacy.SenderOnly
            : reply.Visibility == MessageVisibility.Ephemeral ? ConversationPrivacy.ReplyToSender
            : ConversationPrivacy.Public;
        var entry = new ConversationEntry(0, room, clock.GetUtcNow(), request.User, said, json, privacy);
        try
        {
            if (await store.AppendAsync(entry, request.DeliveryKey, cancellationToken) is not null)
            {
                feed.Said(room);
            }
        }
        catch (Workflows.Incidents.StoreUnavailableException ex)
        {
            // The command's own events were committed (or refused) before this: the reply still goes back.
            logger.LogWarning("The web conversation of {Room} could not keep an exchange: {Fault}", room, ex.Fault);
        }

        return room;
    }

    /// <summary>A room name as pages use it: lower case; an incident's room is its id (inc-0007).</summary>
    public static string RoomOf(string channel, IncidentId? incident) =>
        incident is { } id ? id.RoomChannel : channel.Trim().ToLowerInvariant();
}
