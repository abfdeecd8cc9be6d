namespace IncidentBot.Workflows.Incidents.Events;

/// <summary>Someone recorded that data was lost, or that an engineer had to intervene by hand (a rollback, a data patch).</summary>
public sealed record FlagRaised : IncidentEvent
{
    public required IncidentFlag Flag { get; init; }
    public required string Note { get; init; }

    public override string Kind => "flag";
}
