namespace IncidentBot.Workflows.Incidents.Events;

public sealed record SeverityChanged : IncidentEvent
{
    public Severity? From { get; init; }
    public required Severity To { get; init; }

    public override string Kind => "severity";
}
