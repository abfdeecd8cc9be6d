using IncidentBot.Workflows.Postmortems;
using IncidentBot.Workflows.Runbooks;

namespace IncidentBot.Workflows.Commands;

/// <summary>Who typed the command, when, the time zone their clock times are read in, and the runbooks the bot knows.</summary>
public sealed record CommandContext(string Actor, DateTimeOffset Now, TimeZoneInfo Zone)
{
    public RunbookLibrary Runbooks { get; init; } = RunbookLibrary.Empty;
    public PostmortemOptions Postmortems { get; init; } = new();

    /// <summary>Whether the bot can read metrics (CloudWatch is configured), so verification checks mean something.</summary>
    public bool ReadsMetrics { get; init; } = true;
}
