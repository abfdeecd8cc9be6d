namespace IncidentBot.Workflows.Chat;

public sealed record MessageField(string Title, string Value);
