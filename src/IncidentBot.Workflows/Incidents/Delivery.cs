namespace IncidentBot.Workflows.Incidents;

/// <summary>
/// An inbound delivery's key (an Idempotency-Key, later Slack's event_id or a Teams activity id)
/// and the reply the bot gave to it, written in the same transaction as the events it caused, so a
/// retry of the same delivery gets the same answer and changes nothing.
/// </summary>
public sealed record Delivery(string Key, string Reply);
