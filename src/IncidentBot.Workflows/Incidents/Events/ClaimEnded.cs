namespace IncidentBot.Workflows.Incidents.Events;

/// <summary>A claim released (someone else may take it) or done, with what was found.</summary>
public sealed record ClaimEnded : IncidentEvent
{
    public required int Claim { get; init; }
    public required ClaimOutcome Outcome { get; init; }
    public string? Finding { get; init; }

    public override string Kind => "claim-ended";
}
