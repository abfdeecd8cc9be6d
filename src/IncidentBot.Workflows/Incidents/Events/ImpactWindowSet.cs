namespace IncidentBot.Workflows.Incidents.Events;

/// <summary>
/// When users were affected, as someone stated it (<c>/incident impact … --from … --to …</c>), or that
/// they were not (<see cref="None"/>). The postmortem's downtime comes from this alone, never from notes.
/// </summary>
public sealed record ImpactWindowSet : IncidentEvent
{
    public DateTimeOffset? From { get; init; }
    public DateTimeOffset? To { get; init; }

    /// <summary>Users were not affected (<c>/incident impact none …</c>).</summary>
    public bool None { get; init; }

    public override string Kind => "impact-window";
}
