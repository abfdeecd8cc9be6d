namespace IncidentBot.Workflows.Lifecycle;

/// <summary>Who pulls a trigger, and the note or reason they give with it.</summary>
public sealed record TriggerRequest(string Actor, string? Reason = null);
