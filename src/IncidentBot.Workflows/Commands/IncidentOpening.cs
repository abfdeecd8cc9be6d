using IncidentBot.Workflows.Chat;
using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Incidents.Events;
using IncidentBot.Workflows.Language;
using IncidentBot.Workflows.Lifecycle;
using IncidentBot.Workflows.Runbooks;

namespace IncidentBot.Workflows.Commands;

/// <summary>Decides <c>/incident start</c>: the title and severity, the opening events, and the reply.</summary>
public static class IncidentOpening
{
    public const int MaxTitleLength = 200;

    /// <summary>
    /// The opening events for a start command, or why it cannot start. <paramref name="room"/> is set
    /// when the room it was typed in becomes its war room; <paramref name="roomPlatform"/> when the
    /// platform it was typed on opens one for it.
    /// </summary>
    public static (IReadOnlyList<IncidentEvent>? Events, Refusal? Refusal) Decide(ParsedCommand command, CommandContext context, RoomAddress? room, string? roomPlatform = null)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(context);
        Severity? severity = null;
        var words = new List<string>();
        foreach (var arg in command.Args)
        {
            if (severity is null && !arg.Quoted && arg.Text.StartsWith("sev", StringComparison.OrdinalIgnoreCase) && SeverityText.TryParse(arg.Text, out var s))
            {
                severity = s;
            }
            else if (severity is null && !arg.Quoted && CommandParser.IsSeverityLike(arg.Text))
            {
                return (null, CommandParser.OutOfRange(arg.Text));
            }
            else
            {
                words.Add(arg.Text);
            }
        }

        var title = string.Join(' ', words).Trim();
        if (title.Length == 0)
        {
            return (null, command.Usage(Say.T(
                "Give the incident a title: what is broken, as users would say it.",
                "インシデントのタイトルを指定してください。何が壊れているかを、ユーザーから見た言葉で書きます。")));
        }

        if (title.Length > MaxTitleLength)
        {
            return (null, TitleTooLong(command, title));
        }

        var opened = new IncidentOpened { Actor = context.Actor, At = context.Now, Title = title, Severity = severity, Room = room, RoomPlatform = roomPlatform };
        List<IncidentEvent> events = command.Has("triage")
            ? [opened]
            : [opened, new PhaseChanged { Actor = context.Actor, At = context.Now, Trigger = Trigger.Declare, From = Phase.Detected, To = Phase.Triage }];

        // Proposals depend on the incident's words, not its number, which the store has not allocated yet.
        var draft = Incident.Replay(new IncidentId(1), AsRecorded(new IncidentId(1), events));
        if (RunbookProposals.After(draft, events, context.Runbooks, context.Now) is { } proposed)
        {
            events.Add(proposed);
        }

        return (events, null);
    }

    public static Refusal TitleTooLong(ParsedCommand command, string title)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(title);
        return command.Usage(Say.T(
            $"The title is {title.Length} characters; keep it under {MaxTitleLength} and put the rest in `/incident summary`.",
            $"タイトルが {title.Length} 文字あります。{MaxTitleLength} 文字以内に収め、残りは `/incident summary` に書いてください。"));
    }

    /// <param name="platform">The platform opening its war room, as people name it.</param>
    /// <param name="opening">What that platform's room is, while it opens (a channel people are invited to, a thread...).</param>
    public static BotMessage Reply(Incident incident, string actor, RoomLink link, TimeZoneInfo zone, string? platform = null, string? opening = null)
    {
        ArgumentNullException.ThrowIfNull(incident);
        var id = incident.Id;
        var elsewhere = $"対応チャンネル以外では、コマンドに {id} を加えてください。";
        var room = link switch
        {
            RoomLink.ThisChannel => Say.T(
                $"This channel is {id}'s war room: commands typed here apply to it.",
                $"このチャンネルが {id} の対応チャンネルです。ここで入力したコマンドは {id} に適用されます。"),
            RoomLink.Opening => Say.T(
                $"{opening ?? "Its war room channel is being opened and you will be invited"}; elsewhere add {id} to commands.",
                $"{opening ?? "対応チャンネルを作成しています。作成後に招待されます"}。{elsewhere}"),
            RoomLink.OpeningOnPrimary => Say.T(
                $"Its war room is being opened in {platform ?? "chat"}; elsewhere add {id} to commands.",
                (platform is null ? "対応チャンネルをチャットで作成しています。" : $"対応チャンネルを {platform} で作成しています。") + elsewhere),
            _ => Say.T(
                $"Its war room is `{id.RoomChannel}`; elsewhere add {id} to commands.",
                $"対応チャンネルは `{id.RoomChannel}` です。{elsewhere}"),
        };
        var card = IncidentCard.Render(incident, zone) with { Text = Say.T($"@{actor} opened {id}. {room}", $"@{actor} がインシデント {id} を開始しました。{room}") };
        return incident.Proposals.Count == 0
            ? card
            : card with
            {
                Text = card.Text + "\n\n" + RunbookMessages.Proposals(incident.Proposals),
                Buttons = [.. card.Buttons, .. RunbookMessages.ProposalButtons(incident.Proposals, incident.Id)],
            };
    }

    /// <summary>The opening events as they will be numbered, for rendering the reply before the store answers.</summary>
    public static RecordedEvent[] AsRecorded(IncidentId id, IReadOnlyList<IncidentEvent> events) =>
        [.. events.Select((e, i) => new RecordedEvent(id, i + 1, Guid.Empty, e))];
}

/// <summary>Where a new incident's war room is, as its opening reply says.</summary>
public enum RoomLink
{
    /// <summary>The channel it was started in.</summary>
    ThisChannel,

    /// <summary>The local war room page, named after the incident.</summary>
    Elsewhere,

    /// <summary>The chat platform it was started on is opening a channel for it.</summary>
    Opening,

    /// <summary>It was started elsewhere (the page, the API); the primary chat platform is opening a channel for it.</summary>
    OpeningOnPrimary,
}
