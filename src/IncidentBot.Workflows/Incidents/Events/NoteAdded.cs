namespace IncidentBot.Workflows.Incidents.Events;

/// <summary>
/// A timeline entry written by a person: a note, or a message said in the war room. <see
/// cref="OccurredAt"/> is when it happened; when it is earlier than <see cref="IncidentEvent.At"/> by
/// choice (<c>note --at</c>) the note is backdated, and both times are kept.
/// </summary>
public sealed record NoteAdded : IncidentEvent
{
    public required string Text { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
    public bool Backdated { get; init; }

    /// <summary>The chat message this entry records (e.g. <c>slack:C024BE91L/1355517523.000005</c>), so edits, deletions and pins find it.</summary>
    public string? MessageId { get; init; }

    /// <summary>A link to the message in the chat platform.</summary>
    public string? Link { get; init; }

    public override string Kind => "note";
}
