namespace IncidentBot.Workflows.Incidents.Events;

/// <summary>Someone pinned a timeline entry (📌 reaction or a pin): it is a key event in the postmortem.</summary>
public sealed record KeyEventMarked : IncidentEvent
{
    public required long Entry { get; init; }

    public override string Kind => "key-event";
}
