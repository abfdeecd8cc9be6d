namespace IncidentBot.Workflows.Incidents.Events;

public enum HypothesisVerdict
{
    Open,
    Confirmed,
    RuledOut,
}
