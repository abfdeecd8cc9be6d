namespace IncidentBot.Workflows.Incidents.Events;

/// <summary>Someone put a piece of work on the board as theirs.</summary>
public sealed record WorkClaimed : IncidentEvent
{
    public required int Claim { get; init; }
    public required string What { get; init; }

    public override string Kind => "claim";
}
