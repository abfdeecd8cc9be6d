namespace IncidentBot.Workflows.Incidents.Events;

public sealed record PostmortemStatusChanged : IncidentEvent
{
    public required PostmortemStatus Status { get; init; }

    public override string Kind => "postmortem-status";
}
