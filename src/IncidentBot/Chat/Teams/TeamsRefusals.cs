using IncidentBot.Hosting;

namespace IncidentBot.Chat.Teams;

/// <summary>Activities refused at <c>/api/messages</c> (no token, a bad token, another tenant), counted and logged.</summary>
public sealed class TeamsRefusals(TimeProvider clock, ILogger<TeamsRefusals> logger) : RefusalLog(clock, logger, "Teams activities to /api/{0}", "incidentbot_teams_activities_refused_total");

/// <summary>Why an activity was refused: a stable word for /metrics and a sentence for the log.</summary>
public sealed record TeamsRefusal(string Reason, string Detail);
