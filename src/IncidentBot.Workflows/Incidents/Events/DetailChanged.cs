namespace IncidentBot.Workflows.Incidents.Events;

/// <summary>Title, summary, user impact or affected services (comma separated) set or changed.</summary>
public sealed record DetailChanged : IncidentEvent
{
    public required IncidentDetail Detail { get; init; }
    public required string Value { get; init; }

    public override string Kind => "detail";
}
