namespace IncidentBot.Workflows.Commands;

/// <summary>
/// A command as any platform delivers it: the typed text, who typed it, the channel it was typed in,
/// and optionally the delivery's key, so a retried delivery is answered once.
/// </summary>
public sealed record CommandRequest(string Text, string User, string Channel, string? DeliveryKey = null);
