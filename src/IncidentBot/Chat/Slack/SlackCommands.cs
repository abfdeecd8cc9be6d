using System.Text.Json.Nodes;
using IncidentBot.Workflows.Chat;
using IncidentBot.Workflows.Commands;
using IncidentBot.Workflows.Language;

namespace IncidentBot.Chat.Slack;

/// <summary>
/// Slash commands (protocols §A2), over HTTP or Socket Mode: <c>/incident …</c> decided and recorded
/// before the answer, which is the reply itself (in the channel for changes, only to the person for
/// errors and help). A bare <c>/incident start</c> opens a dialog instead.
/// </summary>
public sealed class SlackCommands(CommandDispatcher dispatcher, SlackDirectory directory, SlackModals modals)
{
    public async Task<SlackAnswer> CommandAsync(Func<string, string?> field, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(field);
        if (field("ssl_check") == "1")
        {
            return SlackAnswer.Ok;
        }

        var (user, channel) = (field("user_id"), field("channel_id"));
        if (string.IsNullOrEmpty(user) || string.IsNullOrEmpty(channel))
        {
            return SlackAnswer.BadRequest("A slash command needs user_id and channel_id.");
        }

        await directory.LearnAsync(user, field("user_name"), cancellationToken);
        var text = SlackText.Readable(field("text") ?? "", directory.NameOf).Trim();
        if (IsBareStart(text))
        {
            return field("trigger_id") is { Length: > 0 } trigger
                ? new SlackAnswer(200, After: () => modals.OpenAsync(trigger, SlackModals.StartView(channel), user, channel, CancellationToken.None))
                : Reply(new BotMessage { Ok = false, Text = Say.T("Name the incident: `/incident start sev2 checkout errors`.", "インシデントの名前を付けてください：`/incident start sev2 checkout errors`"), Visibility = MessageVisibility.Ephemeral });
        }

        var room = SlackPlatform.Room(channel);
        var reply = await dispatcher.HandleAsync(
            new CommandRequest("/incident " + text, directory.NameOf(user) ?? user, room) { AnsweredIn = room, OpensOwnRoom = true },
            cancellationToken);
        return Reply(reply);
    }

    private static bool IsBareStart(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries) is [var verb] && Verbs.Find(verb)?.Name == "start";

    /// <summary>A reply as the slash command's answer: in the channel for changes, only to the user for errors and help.</summary>
    public static SlackAnswer Reply(BotMessage reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var (text, blocks) = SlackBlocks.Render(reply);
        return new SlackAnswer(200, new JsonObject
        {
            ["response_type"] = reply.Visibility == MessageVisibility.InChannel ? "in_channel" : "ephemeral",
            ["text"] = text,
            ["blocks"] = blocks,
        });
    }
}
