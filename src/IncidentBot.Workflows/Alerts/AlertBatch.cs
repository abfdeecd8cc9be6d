namespace IncidentBot.Workflows.Alerts;

/// <summary>One delivery of alerts, and what the sender said of the delivery as a whole.</summary>
/// <param name="Alerts">The alerts it lists.</param>
public sealed record AlertBatch(IReadOnlyList<Alert> Alerts)
{
    /// <summary>Alerts of this delivery's group the sender did not list (Alertmanager's <c>truncatedAlerts</c>, when <c>max_alerts</c> cut the list).</summary>
    public int Unlisted { get; init; }

    /// <summary>The sender's group (Alertmanager's <c>groupKey</c>), which <see cref="Unlisted"/> counts for; empty for senders without groups.</summary>
    public string Group { get; init; } = "";
}
