using IncidentBot.Workflows.Incidents.Events;

namespace IncidentBot.Workflows.Incidents;

/// <summary>A piece of work on the incident's board: what, who, since when, and how it ended.</summary>
public sealed record Claim(int Number, string What, string Owner, DateTimeOffset Since)
{
    public ClaimOutcome? Outcome { get; init; }
    public string? Finding { get; init; }
    public DateTimeOffset? EndedAt { get; init; }

    public bool IsOpen => Outcome is null;
}
