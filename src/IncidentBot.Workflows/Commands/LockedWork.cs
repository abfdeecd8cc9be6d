using IncidentBot.Workflows.Chat;
using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Outbox;

namespace IncidentBot.Workflows.Commands;

/// <summary>A command waiting for its incident's next locked commit, and where its answer goes.</summary>
internal sealed record LockedWork(Func<Incident, Decision> Decide, CommandContext Context, string? DeliveryKey, RoomAddress? AnsweredIn, Func<BotMessage, IEnumerable<OutboxMessage>>? FollowUp)
{
    public TaskCompletionSource<BotMessage> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
