using IncidentBot.Workflows.Chat;
using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Incidents.Events;
using IncidentBot.Workflows.Language;
using IncidentBot.Workflows.Lifecycle;
using IncidentBot.Workflows.Outbox;
using IncidentBot.Workflows.Postmortems;
using IncidentBot.Workflows.Reminders;
using IncidentBot.Workflows.Runbooks;

namespace IncidentBot.Workflows.Commands;

/// <summary>
/// Runs a command end to end: parse, find the incident, decide, record, answer. The answer is
/// returned only after the command's events are committed: a reply means durable.
///
/// Commands on one incident are decided one at a time against a cached state, and their appends are
/// handed to the store in that order without waiting for the previous commit, so a busy incident
/// gets group commit instead of a queue. Each append names the event it expects to follow; when one
/// fails, every append decided on top of it fails too, the cache is reloaded and those commands are
/// decided again. On a store replicas share (<see cref="ILockedAppendStore"/>), commands are instead
/// decided under the incident's lock (CommandDispatcher.Locked.cs), so a replica is never refused for
/// being late.
/// </summary>
public sealed partial class CommandDispatcher(
    IIncidentStore store,
    TimeProvider clock,
    TimeZoneInfo zone,
    IEnumerable<IIncidentObserver> observers,
    RunbookLibrary? runbooks = null,
    PostmortemOptions? postmortems = null,
    ReminderOptions? reminders = null,
    IOutboxPlanner? planner = null,
    bool readsMetrics = true,
    IncidentCacheLimits? cacheLimits = null)
{
    private readonly ReminderOptions _reminders = reminders ?? new ReminderOptions();
    private readonly RunbookLibrary _runbooks = runbooks ?? RunbookLibrary.Empty;
    private readonly PostmortemOptions _postmortems = InZone(postmortems, zone);
    private readonly IncidentQueries _queries = new(store, clock, zone, InZone(postmortems, zone));
    private readonly IIncidentObserver[] _observers = [.. observers];
    private readonly IncidentCache _cache = new(clock, cacheLimits ?? new IncidentCacheLimits());

    /// <summary>
    /// How often a command is decided again when the incident changed under it. In one process that is
    /// rare (appends are ordered here); with replicas sharing a database, commands on one incident
    /// through both can invalidate each other's queued appends several rounds in a row.
    /// </summary>
    private const int MaxAttempts = 30;

    private async Task<BotMessage> HandleCommandAsync(CommandRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (PostmortemWriteCommand(request.Text) is { } write)
        {
            return await WritePostmortemAsync(write, request, cancellationToken);
        }

        var (command, refusal) = CommandParser.Parse(request.Text);
        if (refusal is not null)
        {
            return refusal.Reply(null);
        }

        if (request.DeliveryKey is { } key && await store.FindDeliveryAsync(key, cancellationToken) is { } earlier)
        {
            return ReplyJson.Read(earlier) with { Replayed = true };
        }

        var context = new CommandContext(request.User, clock.GetUtcNow(), zone) { Runbooks = _runbooks, Postmortems = _postmortems, ReadsMetrics = readsMetrics };
        switch (command!.Verb.Name)
        {
            case "help":
                return HelpText.For(command);
            case "list":
                return await _queries.ListAsync(command.Has("all"), cancellationToken);
            case "start":
                return await StartAsync(command, context, request, cancellationToken);
            case "actions":
                return await _queries.ActionsAsync(context.Now, cancellationToken);
        }

        var id = command.Incident ?? request.RoomIncident ?? await ResolveRoomAsync(request.Room, cancellationToken);
        if (id is null)
        {
            return new Refusal(
                Say.T(
                    $"There is no open incident in this channel, so name one: `/incident {command.Verb.Name} INC-0042 ...`.",
                    $"このチャンネルには対応中のインシデントがありません。インシデントを指定してください：`/incident {command.Verb.Name} INC-0042 ...`。"),
                "/incident list", "/incident start <title>").Reply(null);
        }

        return command.Verb.Name switch
        {
            "status" => await _queries.StatusAsync(id.Value, cancellationToken),
            "timeline" => await _queries.TimelineAsync(id.Value, cancellationToken),
            "support-case" => await SupportCaseAsync(id.Value, context, request, cancellationToken),
            "postmortem" when command.Args.Count == 0 => await _queries.PostmortemAsync(id.Value, cancellationToken),
            _ => await DecideAndRecordAsync(id.Value, state => IncidentDecider.Decide(state, command, context), context, request.DeliveryKey, request.AnsweredIn, request.FollowUp, cancellationToken),
        };
    }

    /// <summary>The incident a room belongs to: a room named after an incident (the local page's <c>inc-0042</c>), or a war room.</summary>
    private async Task<IncidentId?> ResolveRoomAsync(RoomAddress? room, CancellationToken cancellationToken)
    {
        if (room is null)
        {
            return null;
        }

        return IncidentId.TryParse(room.Conversation, out var named) ? named : await store.FindIdByRoomAsync(room, cancellationToken);
    }

    /// <summary>
    /// Records what a chat platform saw happen (a message said in the war room, an edit, a pin) as
    /// <paramref name="decide"/> turns it into events; once per <paramref name="deliveryKey"/>.
    /// </summary>
    public Task<BotMessage> RecordAsync(IncidentId id, string? deliveryKey, Func<Incident, Decision> decide, CancellationToken cancellationToken) =>
        DecideAndRecordAsync(id, decide, new CommandContext("incidentbot", clock.GetUtcNow(), zone), deliveryKey, null, null, cancellationToken);

    /// <summary>
    /// Reads the incident's current state under its gate (the state is shared and must not be read
    /// while a command folds into it); null for an unknown incident.
    /// </summary>
    public async Task<T?> ReadAsync<T>(IncidentId id, Func<Incident, T?> read, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(read);
        var entry = _cache.For(id);
        await entry.Gate.WaitAsync(cancellationToken);
        try
        {
            var state = await CurrentAsync(entry, id, cancellationToken);
            if (state is null)
            {
                _cache.Forget(id, entry);
                return null;
            }

            return read(state);
        }
        finally
        {
            entry.Gate.Release();
        }
    }

    private IReadOnlyList<OutboxMessage> Plan(Incident after, IReadOnlyList<IncidentEvent> events, BotMessage? reply, RoomAddress? answeredIn) =>
        planner is null ? [] : [.. planner.Plan(after, events, reply, answeredIn)];

    private async Task<BotMessage> DecideAndRecordAsync(IncidentId id, Func<Incident, Decision> decide, CommandContext context, string? deliveryKey, RoomAddress? answeredIn, Func<BotMessage, IEnumerable<OutboxMessage>>? followUp, CancellationToken cancellationToken)
    {
        if (store is ILockedAppendStore locked)
        {
            return await QueueLockedAsync(locked, id, new LockedWork(decide, context, deliveryKey, answeredIn, followUp), cancellationToken);
        }

        for (var attempt = 1; ; attempt++)
        {
            if (attempt > 1 && deliveryKey is not null && await store.FindDeliveryAsync(deliveryKey, cancellationToken) is { } earlier)
            {
                return ReplyJson.Read(earlier) with { Replayed = true };
            }

            var entry = _cache.For(id);
            Task committed;
            BotMessage reply;
            await entry.Gate.WaitAsync(cancellationToken);
            try
            {
                var state = await CurrentAsync(entry, id, cancellationToken);
                if (state is null)
                {
                    // Do not keep an entry for every id someone mistyped.
                    _cache.Forget(id, entry);
                    return Refusal.NoSuchIncident(id).Reply(null);
                }

                var (immediate, prepared) = Prepare(id, state, decide, context, deliveryKey, answeredIn, followUp);
                if (prepared is null)
                {
                    return immediate;
                }

                reply = immediate;
                Interlocked.Increment(ref entry.Pending);

                // Submitted under the gate, so appends reach the store in the order they were decided.
                // Not cancellable once submitted: it commits or fails as a whole.
                committed = store.AppendAsync(prepared, CancellationToken.None);
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
                if (attempt > 1)
                {
                    // Again: another replica keeps winning the race. A short random pause lets one side's queue drain.
                    await Task.Delay(Random.Shared.Next(1, 2 << Math.Min(attempt, 5)), CancellationToken.None);
                }

                continue;
            }
            catch (ConcurrencyConflictException)
            {
                entry.Stale = true;
                return new Refusal(Say.T(
                    $"{id} changed under this command {MaxAttempts} times in a row; nothing was recorded. Send it again.",
                    $"このコマンドの処理中に {id} が {MaxAttempts} 回続けて更新されたため、何も記録していません。もう一度送信してください。"), "/incident status").Reply(id);
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
            return reply with { Recorded = true };
        }
    }

    /// <summary>Drafts are written in the bot's zone, whatever the options said.</summary>
    private static PostmortemOptions InZone(PostmortemOptions? options, TimeZoneInfo zone) => (options ?? new PostmortemOptions()) with { Zone = zone };

    private void Notify(IncidentId id)
    {
        foreach (var observer in _observers)
        {
            observer.Changed(id);
        }
    }

    /// <summary>How many incidents are folded in memory now (bounded by <see cref="IncidentCacheLimits"/>).</summary>
    internal int CachedIncidents => _cache.Count;
}
