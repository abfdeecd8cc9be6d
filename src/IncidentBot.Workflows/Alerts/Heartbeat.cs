namespace IncidentBot.Workflows.Alerts;

/// <summary>
/// A signal that monitoring is alive (Prometheus's always-firing Watchdog, a cron job's ping): when it
/// was last seen, and since when the bot has taken its silence as an incident, if it has.
/// </summary>
public sealed record Heartbeat(string Name, DateTimeOffset LastSeen, DateTimeOffset? SilentSince);
