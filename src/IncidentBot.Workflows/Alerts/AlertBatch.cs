namespace IncidentBot.Workflows.Alerts;

/// <summary>One delivery of alerts, and what the sender said of the delivery as a whole.</summary>
/// <param name="Alerts">The alerts it lists.</param>
public sealed record AlertBatch(IReadOnlyList<Alert> Alerts)
{
    /// <summary>
    /// Alerts of the same group the sender did not list (Alertmanager's <c>truncatedAlerts</c>, or one
    /// when it says the group is firing while every listed alert has resolved): nobody has seen them,
    /// so the group is never taken to be all resolved while any are left out.
    /// </summary>
    public int Unlisted { get; init; }
}
