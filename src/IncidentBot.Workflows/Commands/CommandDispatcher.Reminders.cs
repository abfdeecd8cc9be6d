using IncidentBot.Workflows.Chat;
using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Incidents.Events;
using IncidentBot.Workflows.Language;
using IncidentBot.Workflows.Reminders;

namespace IncidentBot.Workflows.Commands;

/// <summary>Reminders: what an incident is owed, and sending one once.</summary>
public sealed partial class CommandDispatcher
{
    /// <summary>The reminders <paramref name="id"/> is owed; empty for an unknown incident.</summary>
    public async Task<IReadOnlyList<Reminder>> RemindersAsync(IncidentId id, CancellationToken cancellationToken) =>
        await ReadAsync(id, state => ReminderPlan.For(state, _reminders, zone), cancellationToken) ?? [];

    /// <summary>
    /// Sends reminder <paramref name="key"/> if the incident still owes it and it is due: recorded on
    /// the timeline once, whoever fires it and however often (the key is the delivery key).
    /// </summary>
    public async Task<bool> RemindAsync(IncidentId id, string key, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var context = new CommandContext("incidentbot", now, zone);
        var reply = await DecideAndRecordAsync(
            id,
            state => ReminderPlan.For(state, _reminders, zone).FirstOrDefault(r => r.Key == key && r.At <= now) is { } due
                ? Decision.Record(IncidentDecider.Said(due.Text), new ReminderSent { Actor = "incidentbot", At = now, Key = key, Text = due.Text })
                : Decision.Answer(IncidentDecider.Aside(Say.T($"Reminder {key} no longer applies.", $"リマインダー {key} はもう必要ありません。"))),
            context,
            $"reminder:{id}:{key}",
            null,
            null,
            cancellationToken);
        return reply.Ok && reply.Visibility == MessageVisibility.InChannel;
    }
}
