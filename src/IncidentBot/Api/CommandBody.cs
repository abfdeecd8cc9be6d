namespace IncidentBot.Api;

/// <summary>The body of <c>POST /api/commands</c>.</summary>
public sealed record CommandBody(string? Text, string? User, string? Channel);
