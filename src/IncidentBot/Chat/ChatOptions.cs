namespace IncidentBot.Chat;

/// <summary>The <c>Chat</c> configuration section: what all chat platforms share.</summary>
public sealed class ChatOptions
{
    /// <summary>
    /// The platform that opens war rooms for incidents started anywhere else (the page, the API, an
    /// alert). By default the first configured platform that opens rooms. An incident started on a
    /// platform that opens rooms always gets its room there.
    /// </summary>
    public string? PrimaryPlatform { get; set; }

    /// <summary>A message waiting for another (a card for its room) longer than this is dropped, with the reason logged.</summary>
    public double NotReadyLimitMinutes { get; set; } = 10;

    /// <summary>When the oldest undelivered message is older than this, <c>/readyz</c> says the bot is degraded and why; 0 turns that off.</summary>
    public double OutboxMaxAgeMinutes { get; set; } = 10;

    /// <summary>
    /// Whether <c>/readyz</c> answers 503 while degraded. Off by default: a load balancer that takes the
    /// bot out of rotation while Slack is down would also cut off the alerts and the local war room,
    /// which are what people fall back on then.
    /// </summary>
    public bool UnreadyWhenDegraded { get; set; }
}
