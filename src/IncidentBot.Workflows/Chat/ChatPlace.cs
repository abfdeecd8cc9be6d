namespace IncidentBot.Workflows.Chat;

/// <summary>
/// A conversation the bot was let into (a team, a channel, a person's chat), with the platform's
/// reference to it: where it may post, and where a platform's API for it is (Teams' service URL).
/// </summary>
/// <param name="Kind"><c>team</c>, <c>channel</c>, <c>personal</c> or <c>group</c>.</param>
public sealed record ChatPlace(RoomAddress Room, string Kind, string? Name);
