using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using IncidentBot.Workflows.Chat;
using IncidentBot.Workflows.Commands;
using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Language;

namespace IncidentBot.Chat.Teams;

/// <summary>The bot's HTTP answer to an activity: a status, and for an invoke its JSON body.</summary>
public sealed record TeamsAnswer(int Status, JsonNode? Body = null)
{
    public static readonly TeamsAnswer Ok = new(200);
}

/// <summary>
/// Activities from Teams (protocols §B4), after their token was checked: commands typed to the bot
/// (an @mention, a personal chat, or a line starting with <c>incident</c>), what is said in war rooms
/// (captured for the timeline), edits and deletions, card buttons (<c>Action.Execute</c>, answered in
/// the HTTP response with the refreshed card, or with an explanation only the presser sees), the
/// "Mark as key event" message action, and where the bot was added or removed. Each activity id is
/// handled once. Answers that need Teams' API go through the outbox; Teams gets its HTTP answer at once.
/// </summary>
public sealed partial class TeamsInbound(
    ChatCapture capture,
    TeamsCommands commands,
    TeamsWarRooms rooms,
    IPlacesStore places,
    TeamsDirectory directory,
    ILogger<TeamsInbound> logger)
{
    public async Task<TeamsAnswer> HandleAsync(TeamsActivity activity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activity);
        if (activity.ConversationId is null || activity.ServiceUrl is null)
        {
            return new TeamsAnswer(400, new JsonObject { ["error"] = "An activity needs conversation.id and serviceUrl." });
        }

        switch (activity.Type)
        {
            case "message":
                return await MessageAsync(activity, cancellationToken);
            case "messageUpdate" when activity.Id is not null && activity.FromId is not null:
                await CaptureAsync(activity, ChatEventKind.Edited, Readable(activity), cancellationToken);
                return TeamsAnswer.Ok;
            case "messageDelete" when activity.Id is not null:
                await CaptureAsync(activity, ChatEventKind.Deleted, "", cancellationToken);
                return TeamsAnswer.Ok;
            case "invoke" when activity.Name == "composeExtension/submitAction":
                return await MarkKeyAsync(activity, cancellationToken);
            case "invoke":
                return await commands.InvokeAsync(activity, cancellationToken);
            case "conversationUpdate":
                await ConversationUpdateAsync(activity, cancellationToken);
                return TeamsAnswer.Ok;
            default:
                return TeamsAnswer.Ok; // typing, reactions, installation updates: nothing to do
        }
    }

    private async Task<TeamsAnswer> MessageAsync(TeamsActivity activity, CancellationToken cancellationToken)
    {
        if (activity.FromId is null || activity.Id is null || activity.FromId == activity.RecipientId)
        {
            return TeamsAnswer.Ok;
        }

        // A button of an older card (Action.Submit, messageBack): the command it carries.
        if (activity.Value is JsonObject value && TeamsCommands.CommandOf(value) is { } pressed)
        {
            await commands.RunAsync(activity, pressed, cancellationToken);
            return TeamsAnswer.Ok;
        }

        var text = Readable(activity);
        var mentioned = activity.Mentions.Any(m => m.Id == activity.RecipientId);
        if (IncidentCommand().Match(text) is { Success: true } typed && (mentioned || activity.IsPersonal || IsCommand(typed)))
        {
            await commands.RunAsync(activity, "/incident " + typed.Groups["rest"].Value.Trim(), cancellationToken);
        }
        else if (mentioned || activity.IsPersonal)
        {
            await commands.RunAsync(activity, "/incident " + (text.Length == 0 ? "help" : text), cancellationToken);
        }
        else
        {
            await CaptureAsync(activity, ChatEventKind.Said, text, cancellationToken);
        }

        return TeamsAnswer.Ok;
    }

    /// <summary>The message action "Mark as key event" (manifest command <c>markKeyEvent</c>) on a message in a war room.</summary>
    private async Task<TeamsAnswer> MarkKeyAsync(TeamsActivity activity, CancellationToken cancellationToken)
    {
        if (TeamsActivity.Text(activity.Value, "commandId") == "markKeyEvent" && TeamsActivity.Text(activity.Value?["messagePayload"], "id") is { } message && activity.Id is not null)
        {
            var marked = new TeamsActivity(new JsonObject
            {
                ["id"] = message,
                ["conversation"] = activity.Json["conversation"]?.DeepClone(),
                ["serviceUrl"] = activity.ServiceUrl,
                ["from"] = activity.Json["from"]?.DeepClone(),
                ["channelData"] = activity.Json["channelData"]?.DeepClone(),
            });
            await CaptureAsync(marked, ChatEventKind.MarkedKey, "", cancellationToken);

            // The action's form asks why it matters (optional): that goes on the timeline as the marker's note.
            if (TeamsActivity.Text(activity.Value?["data"], "why") is { Length: > 0 } why && activity.FromId is not null && await RoomOfAsync(activity, cancellationToken) is not null)
            {
                await commands.RunAsync(activity, "/incident note " + Say.T($"key event: {why.Trim()}", $"重要イベント：{why.Trim()}"), cancellationToken);
            }
        }

        return new TeamsAnswer(200, new JsonObject());
    }

    /// <summary>A room event for the timeline: in a thread room the thread is the room; in channel mode, the channel.</summary>
    private async Task CaptureAsync(TeamsActivity activity, ChatEventKind kind, string text, CancellationToken cancellationToken)
    {
        var room = await RoomOfAsync(activity, cancellationToken);
        if (room is null)
        {
            return;
        }

        var handle = activity.FromId is { } from ? await directory.HandleAsync(from, activity.FromName, cancellationToken) : "someone";
        var seen = new ChatEvent(kind, room, activity.Id!, handle)
        {
            Text = text,
            SaidAt = activity.Timestamp,
            Link = $"https://teams.microsoft.com/l/message/{Uri.EscapeDataString(TeamsPlatform.ChannelOf(activity.ConversationId!))}/{activity.Id}",
        };
        await capture.CaptureAsync(seen, $"teams-activity:{activity.Id}:{kind}", cancellationToken);
    }

    /// <summary>The incident war room the activity happened in, if any.</summary>
    private async Task<RoomAddress?> RoomOfAsync(TeamsActivity activity, CancellationToken cancellationToken) =>
        (await rooms.FindAsync(activity, cancellationToken))?.Room;

    /// <summary>The bot was added somewhere (a team, a channel, a chat): it may post there, through this service URL. Removed: forgotten.</summary>
    private async Task ConversationUpdateAsync(TeamsActivity activity, CancellationToken cancellationToken)
    {
        var place = TeamsPlatform.Room(activity.ConversationId!, activity.ServiceUrl, activity.Tenant);
        if (activity.MembersAdded.Contains(activity.RecipientId))
        {
            var kind = activity.ConversationType ?? "channel";
            var name = TeamsActivity.Text(activity.Json["conversation"], "name") ?? activity.TeamName;
            await places.RememberPlaceAsync(new ChatPlace(place, kind, name), cancellationToken);
            logger.LogInformation("Teams: the bot was added to {Kind} {Name} ({Conversation})", kind, name ?? "(unnamed)", activity.ConversationId);
        }
        else if (activity.MembersRemoved.Contains(activity.RecipientId))
        {
            await places.ForgetPlaceAsync(place, cancellationToken);
            logger.LogWarning("Teams: the bot was removed from {Conversation}; it can no longer post there", activity.ConversationId);
        }
    }

    /// <summary>The message as people read it: the bot's mention removed, others as <c>@handle</c>, HTML entities decoded.</summary>
    private string Readable(TeamsActivity activity)
    {
        var text = activity.Body ?? "";
        foreach (var (id, name, markup) in activity.Mentions)
        {
            if (markup.Length == 0)
            {
                continue;
            }

            var replacement = id == activity.RecipientId ? "" : "@" + (directory.HandleOf(id) ?? TeamsDirectory.Handle(name) ?? name);
            text = text.Replace(markup, replacement, StringComparison.Ordinal);
        }

        return WebUtility.HtmlDecode(Whitespace().Replace(text, " ")).Trim();
    }

    /// <summary>
    /// In a channel "incident is mitigated, watching" is talk (the timeline's, in a war room), not a
    /// command: without a mention or a slash a line is a command only when its next word is a verb.
    /// </summary>
    private static bool IsCommand(Match typed) =>
        typed.Groups["slash"].Success || typed.Groups["rest"].Value.Trim().Split(' ', 2)[0] is { Length: > 0 } verb && Verbs.Find(verb) is not null;

    [GeneratedRegex(@"^\s*(?<slash>[/／])?incident(?:\s+(?<rest>.*))?$", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex IncidentCommand();

    [GeneratedRegex(@"[ \t\u00a0]+")]
    private static partial Regex Whitespace();
}
