namespace IncidentBot.Workflows.Chat;

/// <summary>What happened to a message in a room, as a chat platform's adapter reports it.</summary>
public enum ChatEventKind
{
    /// <summary>Someone said something in the room.</summary>
    Said,

    /// <summary>Its author changed the words of a message.</summary>
    Edited,

    /// <summary>A message was deleted.</summary>
    Deleted,

    /// <summary>Someone marked a message as a key event (a 📌 reaction, a pin).</summary>
    MarkedKey,
}

/// <summary>
/// One thing a chat platform saw in a room, in the platform's neutral terms: the adapter has already
/// turned mentions and links into what people read (<c>@alice</c>), and left out the bot's own words.
/// Whether and how it goes on the timeline is decided by <see cref="CaptureDecider"/>.
/// </summary>
/// <param name="MessageId">The platform's id of the message within the room (Slack's <c>ts</c>, Teams' activity id).</param>
/// <param name="Actor">The person, by the handle the bot records them by.</param>
public sealed record ChatEvent(ChatEventKind Kind, RoomAddress Room, string MessageId, string Actor)
{
    /// <summary>The words said or edited to; empty for deletions and marks.</summary>
    public string Text { get; init; } = "";

    /// <summary>When it was said, by the platform's clock; null when the platform did not say.</summary>
    public DateTimeOffset? SaidAt { get; init; }

    /// <summary>A link to the message on the platform.</summary>
    public string? Link { get; init; }

    /// <summary>The timeline's id for the message: the room's key and the platform's id, e.g. <c>slack:C024BE91L/1355517523.000005</c>.</summary>
    public string TimelineId => $"{Room.Key}/{MessageId}";
}
