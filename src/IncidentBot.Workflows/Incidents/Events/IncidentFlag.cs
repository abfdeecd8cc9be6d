namespace IncidentBot.Workflows.Incidents.Events;

/// <summary>Facts that make a postmortem required but that events cannot infer on their own.</summary>
public enum IncidentFlag
{
    DataLoss,
    ManualIntervention,
}
