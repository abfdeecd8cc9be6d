namespace IncidentBot.Workflows.Incidents.Events;

/// <summary>Supersedes the text of an earlier timeline entry. The earlier entry stays in the log.</summary>
public sealed record EntryCorrected : IncidentEvent
{
    public required long Supersedes { get; init; }
    public required string Text { get; init; }

    public override string Kind => "correction";
}
