using IncidentBot.Workflows.Chat;
using IncidentBot.Workflows.Outbox;

namespace IncidentBot.Chat.Slack;

/// <summary>Private explanations for one person (a refused button press, a dialog that did not open), queued in the outbox.</summary>
public static class SlackExplanations
{
    /// <summary>Queues <paramref name="reply"/> for <paramref name="user"/> alone in <paramref name="channel"/> (nothing outside a channel).</summary>
    public static Task ExplainAsync(this IOutboxStore outbox, string channel, string user, BotMessage reply, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outbox);
        return string.IsNullOrEmpty(channel)
            ? Task.CompletedTask
            : outbox.EnqueueAsync([OutboxPolicy.ExplainTo(SlackPlatform.Room(channel), user, reply)], cancellationToken);
    }
}
