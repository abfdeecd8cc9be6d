namespace IncidentBot.Workflows.Incidents;

/// <summary>A role changing hands: who had it (null when nobody did), who has it now (null when vacated).</summary>
public sealed record Handover(Role Role, string? From, string? To, DateTimeOffset At, string By);
