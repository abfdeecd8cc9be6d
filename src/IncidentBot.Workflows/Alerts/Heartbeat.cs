namespace IncidentBot.Workflows.Alerts;

/// <summary>
/// A signal that monitoring is alive (Prometheus's always-firing Watchdog, a cron job's ping): when it
/// was last seen, how long it may be silent (null: the configured default), and, while it is silent,
/// since when and whether its incident has been opened.
/// </summary>
public sealed record Heartbeat(string Name, DateTimeOffset LastSeen)
{
    public TimeSpan? Timeout { get; init; }

    public DateTimeOffset? SilentSince { get; init; }

    /// <summary>The silence's alert was recorded (an incident opened or joined).</summary>
    public bool Reported { get; init; }

    /// <summary>When a process last took it upon itself to report the silence (a lease: a replica that died mid-way is taken over).</summary>
    public DateTimeOffset? ClaimedAt { get; init; }
}
