using IncidentBot.Workflows.Chat;
using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Incidents.Events;
using IncidentBot.Workflows.Outbox;
using IncidentBot.Workflows.Runbooks;

namespace IncidentBot.Workflows.Commands;

/// <summary>Turning a decision into what is stored: events numbered and folded in, the reply, and what must be posted.</summary>
public sealed partial class CommandDispatcher
{
    /// <summary>
    /// Decides on <paramref name="state"/>. Returns the reply and the append that records it, or only the
    /// reply when nothing is to be recorded (a refusal, a question answered). The append's events are
    /// already folded into <paramref name="state"/>: tentatively, until the append commits.
    /// </summary>
    private (BotMessage Reply, Append? Append) Prepare(IncidentId id, Incident state, Func<Incident, Decision> decide, CommandContext context, string? deliveryKey, RoomAddress? answeredIn, Func<BotMessage, IEnumerable<OutboxMessage>>? followUp)
    {
        var decision = decide(state);
        if (decision.Refusal is not null)
        {
            return (decision.Refusal.Reply(id), null);
        }

        if (decision.Events.Count == 0)
        {
            return (decision.Reply!(state), null);
        }

        var (expectedVersion, expectedLast) = (state.Version, state.LastEventId);
        var events = decision.Events.Select(e => Record(state, e)).ToList();
        var proposed = RunbookProposals.After(state, decision.Events, _runbooks, context.Now);
        if (proposed is not null)
        {
            events.Add(Record(state, proposed));
        }

        var reply = WithProposals(decision.Reply!(state), proposed, id);
        if (decision.Events.Any(e => e is PhaseChanged { To: Phase.Reporting }))
        {
            reply = reply with { Text = reply.Text + "\n\n" + PostmortemMessage.Requirement(state, context.Now, _postmortems) };
        }

        var append = new Append(id, expectedVersion, expectedLast, events, IncidentSummary.Of(state))
        {
            Delivery = deliveryKey is null ? null : new Delivery(deliveryKey, ReplyJson.Write(reply)),
            Outbox = [.. Plan(state, [.. events.Select(e => e.Event)], reply, answeredIn), .. followUp?.Invoke(reply) ?? []],
        };
        return (reply, append);
    }

    /// <summary>Numbers an event after the state's last one and folds it in (tentatively, until its append commits).</summary>
    private static RecordedEvent Record(Incident state, IncidentEvent e)
    {
        var recorded = new RecordedEvent(state.Id, state.Version + 1, Guid.CreateVersion7(), e);
        state.Apply(recorded);
        return recorded;
    }

    private static BotMessage WithProposals(BotMessage reply, RunbooksProposed? proposed, IncidentId id) => proposed is null
        ? reply
        : reply with
        {
            Text = reply.Text + "\n\n" + RunbookMessages.Proposals(proposed.Proposals),
            Buttons = [.. reply.Buttons, .. RunbookMessages.ProposalButtons(proposed.Proposals, id)],
        };
}
