using System.Collections.Concurrent;
using IncidentBot.Workflows.Chat;
using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Incidents.Events;
using IncidentBot.Workflows.Lifecycle;
using IncidentBot.Workflows.Postmortems;
using IncidentBot.Workflows.Runbooks;

namespace IncidentBot.Workflows.Commands;

/// <summary>
/// Runs a command end to end: parse, find the incident, decide, record, answer. The answer is
/// returned only after the command's events are committed: a reply means durable.
///
/// Commands on one incident are decided one at a time against a cached state, and their appends are
/// handed to the store in that order without waiting for the previous commit, so a busy incident
/// gets group commit instead of a queue. Each append names the event it expects to follow; when one
/// fails (another replica wrote first), every append decided on top of it fails too, the cache is
/// reloaded and those commands are decided again.
/// </summary>
public sealed class CommandDispatcher(
    IIncidentStore store,
    TimeProvider clock,
    TimeZoneInfo zone,
    IEnumerable<IIncidentObserver> observers,
    RunbookLibrary? runbooks = null,
    PostmortemOptions? postmortems = null)
{
    private readonly RunbookLibrary _runbooks = runbooks ?? RunbookLibrary.Empty;
    private readonly PostmortemOptions _postmortems = (postmortems ?? new PostmortemOptions()) with { Zone = zone };

    private const int MaxAttempts = 5;
    internal const int MaxTitleLength = 200;

    private readonly ConcurrentDictionary<IncidentId, CachedIncident> _cache = new();
    private readonly IIncidentObserver[] _observers = [.. observers];

    public TimeZoneInfo Zone => zone;

    public async Task<BotMessage> HandleAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (command, refusal) = CommandParser.Parse(request.Text);
        if (refusal is not null)
        {
            return Refused(refusal, null);
        }

        if (request.DeliveryKey is { } key && await store.FindDeliveryAsync(key, cancellationToken) is { } earlier)
        {
            return ReplyJson.Read(earlier);
        }

        var context = new CommandContext(request.User, clock.GetUtcNow(), zone) { Runbooks = _runbooks };
        switch (command!.Verb.Name)
        {
            case "help":
                return HelpText.For(command);
            case "list":
                return await ListAsync(command, cancellationToken);
            case "start":
                return await StartAsync(command, context, request, cancellationToken);
        }

        var id = command.Incident ?? await ResolveChannelAsync(request.Channel, cancellationToken);
        if (id is null)
        {
            return Refused(new Refusal(
                $"There is no open incident in this channel, so name one: `/incident {command.Verb.Name} INC-0042 ...`.",
                "/incident list", "/incident start <title>"), null);
        }

        return command.Verb.Name switch
        {
            "status" => await StatusAsync(id.Value, cancellationToken),
            "timeline" => await TimelineAsync(id.Value, cancellationToken),
            "support-case" => await SupportCaseAsync(id.Value, cancellationToken),
            "postmortem" => await PostmortemAsync(id.Value, cancellationToken),
            _ => await DecideAndRecordAsync(id.Value, command, context, request.DeliveryKey, cancellationToken),
        };
    }

    private async Task<IncidentId?> ResolveChannelAsync(string channel, CancellationToken cancellationToken)
    {
        if (IncidentId.TryParse(channel, out var room))
        {
            return room;
        }

        return string.IsNullOrEmpty(channel) ? null : (await store.FindByChannelAsync(channel, cancellationToken))?.Id;
    }

    private async Task<BotMessage> StartAsync(ParsedCommand command, CommandContext context, CommandRequest request, CancellationToken cancellationToken)
    {
        Severity? severity = null;
        var words = new List<string>();
        foreach (var arg in command.Args)
        {
            if (severity is null && !arg.Quoted && arg.Text.StartsWith("sev", StringComparison.OrdinalIgnoreCase) && SeverityText.TryParse(arg.Text, out var s))
            {
                severity = s;
            }
            else
            {
                words.Add(arg.Text);
            }
        }

        var title = string.Join(' ', words).Trim();
        if (title.Length == 0)
        {
            return Refused(command.Usage("Give the incident a title: what is broken, as users would say it."), null);
        }

        if (title.Length > MaxTitleLength)
        {
            return Refused(command.Usage($"The title is {title.Length} characters; keep it under {MaxTitleLength} and put the rest in `/incident summary`."), null);
        }

        for (var attempt = 1; ; attempt++)
        {
            var linkChannel = await IsFreeChannelAsync(request.Channel, cancellationToken);
            var events = OpeningEvents(command, context, title, severity, linkChannel ? request.Channel : null);
            // Proposals depend on the incident's words, not its number, which the store has not allocated yet.
            var draft = Incident.Replay(new IncidentId(1), AsRecorded(new IncidentId(1), events));
            if (RunbookProposals.After(draft, events, _runbooks, context.Now) is { } proposed)
            {
                events = [.. events, proposed];
            }

            Func<IncidentId, Delivery>? delivery = request.DeliveryKey is { } key
                ? id => new Delivery(key, ReplyJson.Write(StartReply(Incident.Replay(id, AsRecorded(id, events)), context.Actor, linkChannel)))
                : null;
            try
            {
                var recorded = await store.OpenAsync(events, delivery, cancellationToken);
                Notify(recorded[0].Incident);
                return StartReply(Incident.Replay(recorded[0].Incident, recorded), context.Actor, linkChannel);
            }
            catch (ConcurrencyConflictException) when (attempt < MaxAttempts)
            {
                // Someone took the channel at the same moment, or this delivery was answered meanwhile.
                if (request.DeliveryKey is { } again && await store.FindDeliveryAsync(again, cancellationToken) is { } earlier)
                {
                    return ReplyJson.Read(earlier);
                }
            }
        }
    }

    private BotMessage StartReply(Incident incident, string actor, bool ownsChannel)
    {
        var room = ownsChannel
            ? $"This channel is {incident.Id}'s war room: commands typed here apply to it."
            : $"Its war room is `{incident.Id.RoomChannel}`; elsewhere add {incident.Id} to commands.";
        var card = IncidentCard.Render(incident, zone) with { Text = $"@{actor} opened {incident.Id}. {room}" };
        return incident.Proposals.Count == 0
            ? card
            : card with
            {
                Text = card.Text + "\n\n" + RunbookMessages.Proposals(incident.Proposals),
                Buttons = [.. card.Buttons, .. RunbookMessages.ProposalButtons(incident.Proposals, incident.Id)],
            };
    }

    private static RecordedEvent[] AsRecorded(IncidentId id, IReadOnlyList<IncidentEvent> events) =>
        [.. events.Select((e, i) => new RecordedEvent(id, i + 1, Guid.Empty, e))];

    /// <summary>A channel becomes a new incident's war room unless an open incident already has it.</summary>
    private async Task<bool> IsFreeChannelAsync(string channel, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(channel) || IncidentId.TryParse(channel, out _))
        {
            return false;
        }

        var current = await store.FindByChannelAsync(channel, cancellationToken);
        return current is null || current.Phase.IsFinished();
    }

    private static List<IncidentEvent> OpeningEvents(ParsedCommand command, CommandContext context, string title, Severity? severity, string? channel)
    {
        var opened = new IncidentOpened { Actor = context.Actor, At = context.Now, Title = title, Severity = severity, Channel = channel };
        return command.Has("triage")
            ? [opened]
            : [opened, new PhaseChanged { Actor = context.Actor, At = context.Now, Trigger = Trigger.Declare, From = Phase.Detected, To = Phase.Triage }];
    }

    private async Task<BotMessage> DecideAndRecordAsync(IncidentId id, ParsedCommand command, CommandContext context, string? deliveryKey, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (attempt > 1 && deliveryKey is not null && await store.FindDeliveryAsync(deliveryKey, cancellationToken) is { } earlier)
            {
                return ReplyJson.Read(earlier);
            }

            var entry = _cache.GetOrAdd(id, _ => new CachedIncident());
            Task committed;
            BotMessage reply;
            await entry.Gate.WaitAsync(cancellationToken);
            try
            {
                var state = await CurrentAsync(entry, id, cancellationToken);
                if (state is null)
                {
                    // Do not keep an entry for every id someone mistyped.
                    _cache.TryRemove(KeyValuePair.Create(id, entry));
                    return NoSuchIncident(id);
                }

                var decision = IncidentDecider.Decide(state, command, context);
                if (decision.Refusal is not null)
                {
                    return Refused(decision.Refusal, id);
                }

                if (decision.Events.Count == 0)
                {
                    return decision.Reply!(state);
                }

                var (expectedVersion, expectedLast) = (state.Version, state.LastEventId);
                var events = decision.Events.Select(e => Record(state, e)).ToList();
                var proposed = RunbookProposals.After(state, decision.Events, _runbooks, context.Now);
                if (proposed is not null)
                {
                    events.Add(Record(state, proposed));
                }

                reply = WithProposals(decision.Reply!(state), proposed, id);
                if (decision.Events.Any(e => e is PhaseChanged { To: Phase.Reporting }))
                {
                    reply = reply with { Text = reply.Text + "\n\n" + PostmortemMessage.Requirement(state, context.Now, _postmortems) };
                }
                Interlocked.Increment(ref entry.Pending);

                // Submitted under the gate, so appends reach the store in the order they were decided.
                // Not cancellable once submitted: it commits or fails as a whole.
                committed = store.AppendAsync(
                    new Append(id, expectedVersion, expectedLast, events, IncidentSummary.Of(state))
                    {
                        Delivery = deliveryKey is null ? null : new Delivery(deliveryKey, ReplyJson.Write(reply)),
                    },
                    CancellationToken.None);
            }
            finally
            {
                entry.Gate.Release();
            }

            try
            {
                await committed;
            }
            catch (ConcurrencyConflictException) when (attempt < MaxAttempts)
            {
                entry.Stale = true;
                continue;
            }
            catch (ConcurrencyConflictException)
            {
                entry.Stale = true;
                return Refused(new Refusal($"{id} changed under this command {MaxAttempts} times in a row; nothing was recorded. Send it again.", command.Verb.Usage), id);
            }
            catch
            {
                entry.Stale = true;
                throw;
            }
            finally
            {
                Interlocked.Decrement(ref entry.Pending);
            }

            Notify(id);
            return reply;
        }
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

    private async Task<Incident?> CurrentAsync(CachedIncident entry, IncidentId id, CancellationToken cancellationToken)
    {
        if (entry.State is null || entry.Stale)
        {
            entry.Stale = false;
            var events = await store.ReadAsync(id, 0, cancellationToken);
            entry.State = events.Count == 0 ? null : Incident.Replay(id, events);
        }
        else if (Volatile.Read(ref entry.Pending) == 0)
        {
            // Nothing of ours in flight: catch up with what other replicas wrote.
            foreach (var e in await store.ReadAsync(id, entry.State.Version, cancellationToken))
            {
                entry.State.Apply(e);
            }
        }

        return entry.State;
    }

    private async Task<Incident?> LoadCommittedAsync(IncidentId id, CancellationToken cancellationToken)
    {
        var events = await store.ReadAsync(id, 0, cancellationToken);
        return events.Count == 0 ? null : Incident.Replay(id, events);
    }

    private async Task<BotMessage> StatusAsync(IncidentId id, CancellationToken cancellationToken)
    {
        var incident = await LoadCommittedAsync(id, cancellationToken);
        return incident is null ? NoSuchIncident(id) : IncidentCard.Render(incident, zone) with { Visibility = MessageVisibility.Ephemeral };
    }

    private async Task<BotMessage> TimelineAsync(IncidentId id, CancellationToken cancellationToken)
    {
        var events = await store.ReadAsync(id, 0, cancellationToken);
        return events.Count == 0 ? NoSuchIncident(id) : TimelineMessage.Render(Incident.Replay(id, events), events, zone);
    }

    private async Task<BotMessage> SupportCaseAsync(IncidentId id, CancellationToken cancellationToken)
    {
        var events = await store.ReadAsync(id, 0, cancellationToken);
        return events.Count == 0 ? NoSuchIncident(id) : SupportCaseDraft.Render(Incident.Replay(id, events), events, clock.GetUtcNow(), zone);
    }

    private async Task<BotMessage> PostmortemAsync(IncidentId id, CancellationToken cancellationToken)
    {
        var events = await store.ReadAsync(id, 0, cancellationToken);
        return events.Count == 0
            ? NoSuchIncident(id)
            : PostmortemMessage.Render(PostmortemBuilder.Build(Incident.Replay(id, events), events, clock.GetUtcNow(), _postmortems));
    }

    private async Task<BotMessage> ListAsync(ParsedCommand command, CancellationToken cancellationToken)
    {
        var all = command.Has("all");
        return IncidentListMessage.Render(await store.ListAsync(all, cancellationToken), all);
    }

    private static BotMessage NoSuchIncident(IncidentId id) =>
        Refused(new Refusal($"There is no incident {id}.", "/incident list --all"), null);

    private static BotMessage Refused(Refusal refusal, IncidentId? id) => new()
    {
        Ok = false,
        Incident = id,
        Text = WithFixes(refusal),
        Buttons = [.. refusal.Fixes.Select(f => new ChatButton(f, f))],
        Visibility = MessageVisibility.Ephemeral,
    };

    /// <summary>The problem, then the commands that fix it, unless the problem already names them.</summary>
    private static string WithFixes(Refusal refusal)
    {
        var unnamed = refusal.Fixes.Where(f => !refusal.Problem.Contains(f, StringComparison.Ordinal)).ToList();
        return unnamed.Count == 0 ? refusal.Problem : $"{refusal.Problem}\nTry: {string.Join(" or ", unnamed.Select(f => $"`{f}`"))}";
    }

    private void Notify(IncidentId id)
    {
        foreach (var observer in _observers)
        {
            observer.Changed(id);
        }
    }

    // A SemaphoreSlim needs disposing only when its wait handle was used, which this one never is.
#pragma warning disable CA1001
    private sealed class CachedIncident
#pragma warning restore CA1001
    {
        public readonly SemaphoreSlim Gate = new(1, 1);
        public Incident? State;
        public int Pending;
        public volatile bool Stale;
    }
}
