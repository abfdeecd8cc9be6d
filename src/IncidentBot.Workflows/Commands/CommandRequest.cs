namespace IncidentBot.Workflows.Commands;

/// <summary>A command as any platform delivers it: the typed text, who typed it, and the channel it was typed in.</summary>
public sealed record CommandRequest(string Text, string User, string Channel);
