using IncidentBot.Workflows.Chat;
using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Incidents.Events;

namespace IncidentBot.Workflows.Commands;

/// <summary>Action items and the team's tracker: a filed ticket linked once, and a closed ticket finishing its action item.</summary>
public sealed partial class CommandDispatcher
{
    public Task<BotMessage> LinkTicketAsync(IncidentId id, int item, string ticket, string url, CancellationToken cancellationToken)
    {
        var context = new CommandContext("incidentbot", clock.GetUtcNow(), zone);
        return DecideAndRecordAsync(id, state => state.ActionItems.FirstOrDefault(a => a.Number == item) is { Ticket: null }
            ? Decision.Record(IncidentDecider.Aside($"Action #{item} filed as {ticket}: {url}"), new ActionItemTicketLinked { Actor = context.Actor, At = context.Now, Item = item, Ticket = ticket, Url = url })
            : Decision.Answer(IncidentDecider.Aside($"Action #{item} is already filed.")), context, $"ticket:{id}:{item}", null, null, cancellationToken);
    }

    public Task<BotMessage> TicketClosedAsync(IncidentId id, int item, string ticket, CancellationToken cancellationToken)
    {
        var context = new CommandContext("incidentbot", clock.GetUtcNow(), zone);
        return DecideAndRecordAsync(id, state => state.ActionItems.FirstOrDefault(a => a.Number == item) is { IsOpen: true }
            ? Decision.Record(IncidentDecider.Said($"Action #{item} done: its ticket {ticket} was closed."), new ActionItemEnded { Actor = context.Actor, At = context.Now, Item = item, Done = true, Note = $"ticket {ticket} closed" })
            : Decision.Answer(IncidentDecider.Aside($"Action #{item} is no longer open.")), context, null, null, null, cancellationToken);
    }
}
