namespace IncidentBot.Workflows.Commands;

/// <summary>
/// A command as any platform delivers it: the typed text, who typed it, the channel it was typed in,
/// and optionally the delivery's key, so a retried delivery is answered once.
/// </summary>
public sealed record CommandRequest(string Text, string User, string Channel, string? DeliveryKey = null)
{
    /// <summary>
    /// The channel that sees the reply as the request's own answer (a Slack slash command's in-channel
    /// response), so the reply is not posted there a second time.
    /// </summary>
    public string? AnsweredIn { get; init; }

    /// <summary>True when the command must not make its channel the incident's war room (a platform that opens its own rooms).</summary>
    public bool OpensOwnRoom { get; init; }
}
