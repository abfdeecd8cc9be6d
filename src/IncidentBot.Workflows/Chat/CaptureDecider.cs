using IncidentBot.Workflows.Commands;
using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Incidents.Events;
using IncidentBot.Workflows.Language;
using IncidentBot.Workflows.Timeline;

namespace IncidentBot.Workflows.Chat;

/// <summary>
/// Turns what was seen in a war room into timeline events, the same for every platform: a message
/// said is a note with its author, time and link; an edit or a deletion is a correction that
/// supersedes it (the original stays); a mark makes it a key event. Seeing the same thing twice
/// changes nothing, and nothing is posted: the room already saw it.
/// </summary>
public static class CaptureDecider
{
    /// <summary>Longer messages are cut here, with an ellipsis, so one paste cannot swell the timeline.</summary>
    public const int MaxText = 4000;

    private static readonly Func<Incident, BotMessage> Quiet = IncidentDecider.Aside("");

    public static Decision Decide(Incident state, ChatEvent seen, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(seen);
        var entry = state.EntryFor(seen.TimelineId);
        return seen.Kind switch
        {
            ChatEventKind.Said when entry is null && seen.Text.Trim().Length > 0 => Decision.Record(Quiet, new NoteAdded
            {
                Actor = seen.Actor,
                At = now,
                Text = Cut(seen.Text),
                OccurredAt = seen.SaidAt ?? now,
                MessageId = seen.TimelineId,
                Link = seen.Link,
            }),
            ChatEventKind.Edited when entry is { } edited =>
                Decision.Record(Quiet, new EntryCorrected { Actor = seen.Actor, At = now, Supersedes = edited, Text = Cut(seen.Text) }),
            ChatEventKind.Deleted when entry is { } deleted =>
                Decision.Record(Quiet, new EntryCorrected { Actor = seen.Actor, At = now, Supersedes = deleted, Text = EventWords.MessageDeleted.En, Deleted = true }),
            ChatEventKind.MarkedKey when entry is { } marked && !state.KeyEvents.Contains(marked) =>
                Decision.Record(Quiet, new KeyEventMarked { Actor = seen.Actor, At = now, Entry = marked }),
            _ => Decision.Answer(Quiet),
        };
    }

    private static string Cut(string text) => TextCut.Cut(text, MaxText);
}
