namespace IncidentBot.Workflows.Incidents.Events;

/// <summary>
/// Supersedes the text of an earlier timeline entry (or, with <see cref="Deleted"/>, records that its
/// author deleted the message). The earlier entry stays in the log.
/// </summary>
public sealed record EntryCorrected : IncidentEvent
{
    public required long Supersedes { get; init; }
    public required string Text { get; init; }
    public bool Deleted { get; init; }

    public override string Kind => "correction";
}
