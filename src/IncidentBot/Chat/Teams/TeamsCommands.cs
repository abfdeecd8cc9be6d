using System.Text.Json.Nodes;
using IncidentBot.Hosting;
using IncidentBot.Workflows.Chat;
using IncidentBot.Workflows.Commands;
using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Language;
using IncidentBot.Workflows.Outbox;
using Microsoft.Extensions.Options;

namespace IncidentBot.Chat.Teams;

/// <summary>
/// Commands from Teams, typed or pressed, with the same grammar as everywhere. Teams' requests carry
/// no answer of their own, so the answer is sent: in the incident's war room the room's own post is
/// the answer; anywhere else the answer goes to the conversation the command came from; a refusal
/// or help goes to the person alone (a card's button gets it in place, only for whoever pressed it).
/// </summary>
public sealed class TeamsCommands(
    CommandDispatcher dispatcher,
    TeamsWarRooms rooms,
    IOutboxStore outbox,
    TeamsDirectory directory,
    IOptions<BotOptions> bot)
{
    private readonly TimeZoneInfo _zone = TimeZoneInfo.FindSystemTimeZoneById(bot.Value.TimeZone);

    /// <summary>The command a button carries (<c>data.command</c>), with the words typed in its field (named by <c>data.input</c>) put in place of its <c>&lt;placeholder&gt;</c>.</summary>
    public static string? CommandOf(JsonObject data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (TeamsActivity.Text(data, "command") is not { Length: > 0 } command)
        {
            return null;
        }

        // data.input names the button's own field; Teams sends the field's value under that name.
        var field = TeamsActivity.Text(data, "input");
        var input = (field is { Length: > 0 } && TeamsActivity.Text(data, field) is { } typed ? typed : null)?.Trim();
        var start = command.IndexOf('<', StringComparison.Ordinal);
        var end = start < 0 ? -1 : command.IndexOf('>', start + 1);
        if (end > start && start >= 0)
        {
            // A field left empty (or an older client that sent none): no command with "<what was done>" in it.
            return input is { Length: > 0 } ? command[..start] + input + command[(end + 1)..] : null;
        }

        return command;
    }

    /// <summary>Runs a typed or pressed command and sends its answer where it belongs.</summary>
    public async Task RunAsync(TeamsActivity activity, string command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var room = TeamsPlatform.Room(activity.ConversationId!, activity.ServiceUrl, activity.Tenant);
        var roomOf = (await rooms.FindAsync(activity, cancellationToken))?.Incident;
        var handle = await directory.HandleAsync(activity.FromId!, activity.FromName, cancellationToken);

        // Typed in an incident's war room, the room's own post (in order with the rest) is the answer.
        // The answer is planned in the command's own commit: a crash, or Teams sending it again, cannot lose it.
        IEnumerable<OutboxMessage> Answers(BotMessage reply) => AnswersTo(activity, room, roomOf, reply);
        var request = new CommandRequest(command, handle, room, "teams-activity:" + activity.Id)
        {
            OpensOwnRoom = true,
            AnsweredIn = roomOf is null ? room : null,
            RoomIncident = roomOf,
            FollowUp = Answers,
        };
        var reply = await dispatcher.HandleAsync(request, cancellationToken);
        if (!reply.Replayed && !reply.Recorded)
        {
            // Nothing recorded (a refusal, a question, help): nothing to lose by answering after it.
            await outbox.EnqueueAsync([.. AnswersTo(activity, room, roomOf, reply, recorded: false)], cancellationToken);
        }
    }

    /// <summary>Where a command's answer goes: privately to whoever typed it, in the conversation it came from, or nowhere when the room's own post is the answer.</summary>
    private static IEnumerable<OutboxMessage> AnswersTo(TeamsActivity activity, RoomAddress room, IncidentId? roomOf, BotMessage reply, bool recorded = true)
    {
        var inItsRoom = roomOf is not null && roomOf == reply.Incident;
        if (reply is { Ok: true, Receipt: true } && inItsRoom)
        {
            yield break; // "Noted." for a line everyone in the room just saw: a private message for each would be noise
        }

        if (!reply.Ok || reply.Visibility == MessageVisibility.Ephemeral)
        {
            yield return activity.IsPersonal ? OutboxPolicy.AnswerIn(room, reply) : OutboxPolicy.ExplainTo(room, activity.FromId!, reply);
        }
        else if (!inItsRoom || !recorded)
        {
            yield return OutboxPolicy.AnswerIn(room, reply); // in its room, a recorded reply is posted there by the outbox policy
        }
    }

    /// <summary>
    /// A card's button (<c>adaptiveCard/action</c>): the command runs, and the HTTP answer is the card to
    /// show the presser now — the incident's card, refreshed, or the reason it was refused. Everyone
    /// else's copy of the card is brought up to date through the outbox.
    /// </summary>
    public async Task<TeamsAnswer> InvokeAsync(TeamsActivity activity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activity);
        if (activity.Value?["action"]?["data"] is JsonObject form && TeamsActivity.Text(form, "command") is { Length: > 0 } && CommandOf(form) is null)
        {
            var empty = new BotMessage { Text = Say.T("This button needs a few words: type them in its field, then press Send.", "このボタンには入力が必要です。欄に入力してから「送信」を押してください。"), Ok = false, Context = [OnlyYou] };
            return new TeamsAnswer(200, Invoke(200, TeamsCards.ContentType, TeamsCards.Render(empty)));
        }

        if (activity.Name != "adaptiveCard/action" || activity.Value?["action"]?["data"] is not JsonObject data || CommandOf(data) is not { } command || activity.FromId is null)
        {
            return new TeamsAnswer(200, Invoke(400, "application/vnd.microsoft.error", new JsonObject { ["code"] = "BadRequest", ["message"] = "This button does not carry an IncidentBot command." }));
        }

        var room = TeamsPlatform.Room(activity.ConversationId!, activity.ServiceUrl, activity.Tenant);
        var handle = await directory.HandleAsync(activity.FromId, activity.FromName, cancellationToken);
        var reply = await dispatcher.HandleAsync(new CommandRequest(command, handle, room, "teams-invoke:" + activity.Id), cancellationToken);
        var shown = reply.Ok && reply.Visibility == MessageVisibility.InChannel && reply.Incident is { } id
            ? await dispatcher.ReadAsync(id, state => IncidentCard.Render(state, _zone), cancellationToken) ?? reply
            : reply with { Context = [.. reply.Context, OnlyYou] };
        return new TeamsAnswer(200, Invoke(200, TeamsCards.ContentType, TeamsCards.Render(shown)));
    }

    private static string OnlyYou => Say.T("Only you can see this.", "このメッセージはあなたにだけ表示されています。");

    private static JsonObject Invoke(int status, string type, JsonNode value) => new()
    {
        ["statusCode"] = status,
        ["type"] = type,
        ["value"] = value,
    };
}
