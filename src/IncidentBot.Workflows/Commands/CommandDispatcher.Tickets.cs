using IncidentBot.Workflows.Chat;
using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Incidents.Events;
using IncidentBot.Workflows.Language;
using IncidentBot.Workflows.Timeline;

namespace IncidentBot.Workflows.Commands;

/// <summary>Action items and the team's tracker: a filed ticket linked once, and a closed ticket finishing its action item.</summary>
public sealed partial class CommandDispatcher
{
    public Task<BotMessage> LinkTicketAsync(IncidentId id, int item, string ticket, string url, CancellationToken cancellationToken)
    {
        var context = new CommandContext("incidentbot", clock.GetUtcNow(), zone);
        return DecideAndRecordAsync(id, state => state.ActionItems.FirstOrDefault(a => a.Number == item) is { Ticket: null }
            ? Decision.Record(IncidentDecider.Aside(Say.T($"Action #{item} filed as {ticket}: {url}", $"アクションアイテム #{item} をチケット {ticket} として登録しました：{url}")), new ActionItemTicketLinked { Actor = context.Actor, At = context.Now, Item = item, Ticket = ticket, Url = url })
            : Decision.Answer(IncidentDecider.Aside(Say.T($"Action #{item} is already filed.", $"アクションアイテム #{item} はすでにチケットとして登録済みです。"))), context, $"ticket:{id}:{item}", null, null, cancellationToken);
    }

    public Task<BotMessage> TicketClosedAsync(IncidentId id, int item, string ticket, CancellationToken cancellationToken)
    {
        var context = new CommandContext("incidentbot", clock.GetUtcNow(), zone);
        return DecideAndRecordAsync(id, state => state.ActionItems.FirstOrDefault(a => a.Number == item) is { IsOpen: true }
            ? Decision.Record(
                IncidentDecider.Said(Say.T($"Action #{item} done: its ticket {ticket} was closed.", $"チケット {ticket} がクローズされたため、アクションアイテム #{item} を完了にしました。")),
                new ActionItemEnded { Actor = context.Actor, At = context.Now, Item = item, Done = true, Note = EventWords.TicketClosed.Stored(ticket) })
            : Decision.Answer(IncidentDecider.Aside(Say.T($"Action #{item} is no longer open.", $"アクションアイテム #{item} はすでに完了または取り消し済みです。"))), context, null, null, null, cancellationToken);
    }
}
