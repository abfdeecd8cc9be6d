namespace IncidentBot.Workflows.Incidents.Events;

/// <summary>
/// A timeline entry written by a person. <see cref="OccurredAt"/> is when it happened; when it is
/// earlier than <see cref="IncidentEvent.At"/> by choice (<c>note --at</c>) the note is backdated,
/// and both times are kept.
/// </summary>
public sealed record NoteAdded : IncidentEvent
{
    public required string Text { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
    public bool Backdated { get; init; }

    public override string Kind => "note";
}
