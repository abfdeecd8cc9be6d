namespace IncidentBot.Workflows.Incidents;

/// <summary>An event at its place in an incident's log. (Incident, Sequence) is unique; sequences start at 1 and have no gaps.</summary>
public sealed record RecordedEvent(IncidentId Incident, long Sequence, Guid EventId, IncidentEvent Event);
