namespace IncidentBot.Workflows.Incidents.Events;

public sealed record ActionItemEnded : IncidentEvent
{
    public required int Item { get; init; }

    /// <summary>True when done; false when cancelled.</summary>
    public required bool Done { get; init; }
    public string? Note { get; init; }

    public override string Kind => "action-ended";
}
