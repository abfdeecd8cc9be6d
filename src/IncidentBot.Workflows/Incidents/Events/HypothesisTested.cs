namespace IncidentBot.Workflows.Incidents.Events;

public sealed record HypothesisTested : IncidentEvent
{
    public required int Hypothesis { get; init; }
    public required HypothesisVerdict Verdict { get; init; }
    public required string Evidence { get; init; }

    public override string Kind => "hypothesis-tested";
}
