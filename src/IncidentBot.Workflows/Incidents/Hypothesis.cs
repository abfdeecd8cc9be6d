using IncidentBot.Workflows.Incidents.Events;

namespace IncidentBot.Workflows.Incidents;

public sealed record Hypothesis(int Number, string Text, string RaisedBy, DateTimeOffset RaisedAt)
{
    public HypothesisVerdict Verdict { get; init; } = HypothesisVerdict.Open;
    public string? Evidence { get; init; }
    public string? TestedBy { get; init; }
}
