namespace IncidentBot.Workflows.People;

/// <summary>A person on a chat platform: their id there, and the handle the bot records them by (<c>alice</c>).</summary>
public sealed record Person(string Platform, string UserId, string Handle);
