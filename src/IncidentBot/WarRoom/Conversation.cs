using System.Text.Json;
using System.Threading.Channels;
using IncidentBot.Api;
using IncidentBot.Workflows.Chat;
using IncidentBot.Workflows.Commands;
using IncidentBot.Workflows.Incidents;

namespace IncidentBot.WarRoom;

/// <summary>
/// Decides where each web exchange belongs (a start lands in the new incident's room; a command about
/// INC-7 typed in the lobby lands in INC-7's) and who sees it, and hands it to
/// <see cref="ConversationWriter"/>. The command's own events are committed before this; keeping the
/// exchange is off the command's path, so a busy script pays no second write per command.
/// </summary>
public sealed class Conversation(TimeProvider clock, ILogger<Conversation> logger)
{
    /// <summary>What a kept line of typing may hold; a longer paste is kept cut, with a mark.</summary>
    public const int MaxSaid = 8_000;

    /// <summary>Exchanges waiting to be written; past this many the newest are not kept, and the log says so.</summary>
    public const int MaxWaiting = 50_000;

    private readonly Channel<ConversationEntry> _waiting = Channel.CreateBounded<ConversationEntry>(new BoundedChannelOptions(MaxWaiting) { SingleReader = true });

    internal ChannelReader<ConversationEntry> Waiting => _waiting.Reader;

    /// <summary>Queues <paramref name="request"/> and its <paramref name="reply"/> to be kept; the room they belong to.</summary>
    public string Keep(CommandRequest request, BotMessage reply)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(reply);
        var room = RoomOf(request.Room?.Conversation ?? "web", reply.Ok ? reply.Incident : null);
        var said = request.Text.Length > MaxSaid ? request.Text[..MaxSaid] + " …" : request.Text;
        var json = JsonSerializer.Serialize(MessageJson.From(reply) with { Room = room }, JsonSerializerOptions.Web);
        // A refusal is the sender's alone; a command that did something is the room's, though a reply
        // meant for its sender ("Noted") stays theirs.
        var privacy = !reply.Ok ? ConversationPrivacy.SenderOnly
            : reply.Visibility == MessageVisibility.Ephemeral ? ConversationPrivacy.ReplyToSender
            : ConversationPrivacy.Public;
        var entry = new ConversationEntry(0, room, clock.GetUtcNow(), request.User, said, json, privacy) { RequestKey = request.DeliveryKey };
        if (!_waiting.Writer.TryWrite(entry))
        {
            logger.LogWarning("The web conversation of {Room} dropped an exchange by @{User}: {Waiting} are already waiting to be written", room, request.User, MaxWaiting);
        }

        return room;
    }

    /// <summary>No more exchanges: the writer finishes what is queued and stops.</summary>
    internal void Complete() => _waiting.Writer.TryComplete();

    /// <summary>A room name as pages use it: lower case; an incident's room is its id (inc-0007).</summary>
    public static string RoomOf(string channel, IncidentId? incident) =>
        incident is { } id ? id.RoomChannel : channel.Trim().ToLowerInvariant();
}
