namespace IncidentBot.Workflows.Commands;

/// <summary>Who typed the command, when, and the time zone their clock times are read in.</summary>
public sealed record CommandContext(string Actor, DateTimeOffset Now, TimeZoneInfo Zone);
