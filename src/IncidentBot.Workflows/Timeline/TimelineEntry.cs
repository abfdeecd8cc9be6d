namespace IncidentBot.Workflows.Timeline;

/// <summary>
/// One line of the timeline. <see cref="OccurredAt"/> orders it (a backdated note sits where it
/// happened); <see cref="RecordedAt"/> is when the bot learnt of it. A corrected entry keeps its
/// original text and names the entry that supersedes it.
/// </summary>
public sealed record TimelineEntry(
    long Sequence,
    DateTimeOffset OccurredAt,
    DateTimeOffset RecordedAt,
    string Actor,
    string Kind,
    string Text)
{
    public bool Backdated { get; init; }
    public long? SupersededBy { get; init; }
    public string? CorrectedText { get; init; }
    public bool Deleted { get; init; }

    /// <summary>Pinned as a key event (📌).</summary>
    public bool Key { get; init; }

    /// <summary>Where the entry came from in the chat platform, when it was a message.</summary>
    public string? Link { get; init; }
}
