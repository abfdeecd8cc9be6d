namespace IncidentBot.Workflows.Incidents.Events;

public sealed record HypothesisRaised : IncidentEvent
{
    public required int Hypothesis { get; init; }
    public required string Text { get; init; }

    public override string Kind => "hypothesis";
}
