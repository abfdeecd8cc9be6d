using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using IncidentBot.Hosting;
using IncidentBot.Workflows.Chat;
using IncidentBot.Workflows.Commands;
using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Incidents.Events;
using IncidentBot.Workflows.Outbox;
using Microsoft.Extensions.Options;

namespace IncidentBot.Slack;

/// <summary>
/// Delivers the outbox to Slack: the head of every queue at once, each queue in order. A message
/// Slack did not accept stays at its queue's head and is tried again (after Retry-After, or with
/// backoff); one that can never be delivered (its channel is gone) is logged and dropped so its
/// queue moves on. Posts carry their outbox id in message metadata, so a post that reached Slack
/// just before a crash is found again instead of posted twice.
/// </summary>
public sealed partial class SlackDelivery(
    IOutboxStore outbox,
    SlackApi api,
    CommandDispatcher dispatcher,
    SlackDirectory directory,
    OutboxSignal signal,
    IOptions<SlackOptions> options,
    IOptions<BotOptions> bot,
    TimeProvider clock,
    ILogger<SlackDelivery> logger) : BackgroundService
{
    private const string MetadataType = "incidentbot_outbox";
    private const int MaxConcurrent = 16;
    private static readonly TimeSpan MinPass = TimeSpan.FromMilliseconds(20);

    private readonly SlackOptions _options = options.Value;
    private readonly TimeZoneInfo _zone = TimeZoneInfo.FindSystemTimeZoneById(bot.Value.TimeZone);
    private readonly HashSet<string> _busy = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _refreshed = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var running = new List<Task>();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var now = clock.GetUtcNow();
                DateTimeOffset? soonest = null;
                foreach (var item in await outbox.HeadsAsync(stoppingToken))
                {
                    if (item.NextAttemptAt is { } next && next > now)
                    {
                        soonest = soonest is { } s && s < next ? s : next;
                        continue;
                    }

                    // A card is refreshed no more often than its channel may be posted to: a busy incident's
                    // changes pile up in its one pending refresh instead of being rendered over and over.
                    if (item.Kind == SlackOutboxPlanner.Card && _refreshed.TryGetValue(item.Queue, out var last)
                        && last + TimeSpan.FromSeconds(_options.ChannelIntervalSeconds) is var due && due > now)
                    {
                        soonest = soonest is { } s && s < due ? s : due;
                        continue;
                    }

                    lock (_gate)
                    {
                        if (running.Count >= MaxConcurrent || !_busy.Add(item.Queue))
                        {
                            continue;
                        }
                    }

                    if (item.Kind == SlackOutboxPlanner.Card)
                    {
                        _refreshed[item.Queue] = now;
                    }

                    running.Add(Task.Run(() => DeliverAsync(item, stoppingToken), stoppingToken));
                }

                running.RemoveAll(t => t.IsCompleted);
                var wait = soonest is { } at ? Clamp(at - now) : TimeSpan.FromSeconds(1);
                await signal.WaitAsync(running.Count >= MaxConcurrent ? TimeSpan.FromMilliseconds(50) : wait, stoppingToken);

                // Every commit wakes the loop; under a storm of commits it looks at the outbox at most this often.
                await Task.Delay(MinPass, clock, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
#pragma warning disable CA1031 // The loop outlives any one failure: the store being busy must not stop delivery for good.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                logger.LogError(ex, "Outbox delivery loop failed; retrying in a second");
                await Task.Delay(TimeSpan.FromSeconds(1), clock, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }

        await Task.WhenAll(running).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private static TimeSpan Clamp(TimeSpan wait) => wait < TimeSpan.FromMilliseconds(10) ? TimeSpan.FromMilliseconds(10) : wait > TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : wait;

    private async Task DeliverAsync(OutboxItem item, CancellationToken cancellationToken)
    {
        try
        {
            var version = item.Kind switch
            {
                SlackOutboxPlanner.Room => await OpenRoomAsync(item, cancellationToken),
                SlackOutboxPlanner.Post => await PostAsync(item, cancellationToken),
                SlackOutboxPlanner.Card => await RefreshAsync(item, cancellationToken),
                SlackOutboxPlanner.Notice => await NoticeAsync(item, cancellationToken),
                SlackOutboxPlanner.Ephemeral => await ExplainAsync(item, cancellationToken),
                _ => Unknown(item),
            };
            if (version is { } delivered)
            {
                await outbox.DeliveredAsync(item.Id, delivered, clock.GetUtcNow(), cancellationToken);
            }
        }
        catch (SlackApiException ex) when (ex.Undeliverable)
        {
            logger.LogError("Dropped outbox message {Id} ({Kind}, {Queue}) after {Method} said {Error}. {Advice}",
                item.Id, item.Kind, item.Queue, ex.Method, ex.Error, SlackApiException.Advice(ex.Error));
            await outbox.DeliveredAsync(item.Id, long.MaxValue, clock.GetUtcNow(), cancellationToken);
        }
        catch (SlackApiException ex) when (ex.Error == SlackApi.Paced)
        {
            // Its channel's next slot is a while off: wait out of the way of other queues.
            await outbox.RetryLaterAsync(item.Id, clock.GetUtcNow() + ex.RetryAfter!.Value, "waiting for its channel's next slot", countAttempt: false, cancellationToken);
        }
        catch (SlackApiException ex)
        {
            var wait = ex.RetryAfter ?? Backoff(item.Attempts);
            if (ex.RetryAfter is null && !ex.Transient)
            {
                logger.LogError("Slack refused {Method} for outbox message {Id}: {Error}. {Advice} Retrying in {Seconds:0} s.",
                    ex.Method, item.Id, ex.Error, SlackApiException.Advice(ex.Error), wait.TotalSeconds);
            }
            else
            {
                logger.LogWarning("Slack {Method} failed for outbox message {Id} ({Error}); retrying in {Seconds:0.#} s", ex.Method, item.Id, ex.Error, wait.TotalSeconds);
            }

            await outbox.RetryLaterAsync(item.Id, clock.GetUtcNow() + wait, $"{ex.Method}: {ex.Error}", countAttempt: ex.RetryAfter is null, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down: the message stays in the outbox for the next start.
        }
        catch (NotReadyException ex)
        {
            await outbox.RetryLaterAsync(item.Id, clock.GetUtcNow() + TimeSpan.FromSeconds(_options.ChannelIntervalSeconds), ex.Message, countAttempt: false, cancellationToken);
        }
#pragma warning disable CA1031 // One bad message must not stop its queue's worker; it is retried with backoff like any failure.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            logger.LogError(ex, "Outbox message {Id} ({Kind}) failed; retrying", item.Id, item.Kind);
            await outbox.RetryLaterAsync(item.Id, clock.GetUtcNow() + Backoff(item.Attempts), ex.GetType().Name, countAttempt: true, CancellationToken.None);
        }
        finally
        {
            lock (_gate)
            {
                _busy.Remove(item.Queue);
            }

            signal.Poke();
        }
    }

    private TimeSpan Backoff(int attempts)
    {
        var seconds = Math.Min(_options.RetryMaxSeconds, _options.RetryBaseSeconds * Math.Pow(2, Math.Min(attempts, 20)));
        // Up to a fifth of jitter, so queues that failed together do not retry together.
        return TimeSpan.FromSeconds(seconds * (1 + (Random.Shared.NextDouble() / 5)));
    }

    private long? Unknown(OutboxItem item)
    {
        logger.LogError("Outbox message {Id} has kind {Kind}, which this build does not deliver; dropped", item.Id, item.Kind);
        return long.MaxValue;
    }

    /// <summary>Thrown when a message must wait for another (the card before its room exists); retried soon, not counted.</summary>
    private sealed class NotReadyException(string message) : Exception(message);

    private sealed record RoomView(string? Channel, string Title, IReadOnlyList<string> Services, string Topic, BotMessage Card, BotMessage Board, BotMessage? Alerts, Phase Phase, string? RoomName, long Version);

    private Task<RoomView?> ViewAsync(IncidentId id, CancellationToken cancellationToken) =>
        dispatcher.ReadAsync(id, s => new RoomView(
            s.Channel is { } c && c.StartsWith("slack:", StringComparison.Ordinal) ? c["slack:".Length..] : s.Channel is null ? null : "",
            s.Title,
            [.. s.Services],
            Topic(s),
            IncidentCard.Render(s, _zone),
            WorkBoard.Render(s, _zone),
            s.AlertCount == 0 ? null : AlertSummary.Render(s, _zone),
            s.Phase,
            s.RoomName,
            s.Version), cancellationToken);

    private string Topic(Incident incident)
    {
        var topic = $"{incident.Id} · {incident.Severity?.Label() ?? "sev?"} · {incident.Phase.Name()} · commander: {(incident.Commander is { } c ? "@" + c : "needed")}";
        if (IncidentPage(incident.Id) is { } page)
        {
            topic += " · " + page;
        }

        return topic.Length <= 250 ? topic : topic[..250];
    }

    private string? IncidentPage(IncidentId id) => _options.PublicUrl is { } root ? new Uri(root, $"/#{id}").ToString() : null;

    // ---- the war room ----

    /// <summary>How far a message of several steps got (saved as JSON in the outbox row), so a retry resumes there.</summary>
    private sealed class RoomProgress
    {
        public static RoomProgress Of(OutboxItem item) =>
            item.Progress is { Length: > 0 } saved && saved[0] == '{' ? System.Text.Json.JsonSerializer.Deserialize<RoomProgress>(saved)! : new RoomProgress();

        public string? Channel { get; set; }
        public string? Name { get; set; }
        public int Attempt { get; set; } = 1;
        public List<string> Done { get; set; } = [];
        public string? Sending { get; set; }
    }

    private async Task<long?> OpenRoomAsync(OutboxItem item, CancellationToken cancellationToken)
    {
        var payload = JsonNode.Parse(item.Payload)!;
        var id = IncidentId.Parse(payload["incident"]!.GetValue<string>());
        var reporter = payload["reporter"]?.GetValue<string>();
        var progress = RoomProgress.Of(item);
        var view = await ViewAsync(id, cancellationToken);
        if (view is null || view.Channel is "")
        {
            return long.MaxValue; // gone, or its room is somewhere else
        }

        if (progress.Channel is null)
        {
            while (true)
            {
                var name = SlackText.ChannelName(id, view.Title, view.Services, progress.Attempt);
                try
                {
                    var created = await api.CallAsync("conversations.create", Args(("name", name)), cancellationToken);
                    progress.Channel = created["channel"]!["id"]!.GetValue<string>();
                    progress.Name = created["channel"]!["name"]?.GetValue<string>() ?? name;
                    await SaveAsync(item, progress, cancellationToken);
                    break;
                }
                catch (SlackApiException ex) when (ex.Error == "name_taken" && progress.Attempt < 50)
                {
                    logger.LogInformation("Channel #{Name} exists already; trying the next name", name);
                    progress.Attempt++;
                }
            }
        }

        var channel = progress.Channel;
        await dispatcher.RecordAsync(id, $"slack-room:{id}", state => state.Channel == "slack:" + channel
            ? Decision.Answer(Quiet)
            : Decision.Record(Quiet, new WarRoomOpened { Actor = "incidentbot", At = clock.GetUtcNow(), Channel = "slack:" + channel, Name = progress.Name! }),
            cancellationToken);

        await StepAsync(item, progress, "invite", async () =>
        {
            var users = new[] { reporter }.Concat(_options.ResponderIds).OfType<string>().Where(u => u.Length > 0).Distinct().Take(100).ToList();
            if (users.Count == 0)
            {
                return;
            }

            try
            {
                await api.CallAsync("conversations.invite", Args(("channel", channel), ("users", string.Join(',', users))), cancellationToken);
            }
            catch (SlackApiException ex) when (ex.Error is "already_in_channel" or "cant_invite_self" or "user_not_found" or "cant_invite" or "user_is_restricted")
            {
                logger.LogWarning("Some responders were not invited to #{Name}: {Error}", progress.Name, ex.Error);
            }
        }, cancellationToken);

        await StepAsync(item, progress, "topic", async () =>
        {
            await api.CallAsync("conversations.setTopic", Args(("channel", channel), ("topic", view.Topic)), cancellationToken);
            await outbox.SavePostedAsync(new PostedMessage($"topic:{id}", channel, "", Hash(view.Topic)), cancellationToken);
        }, cancellationToken);

        await StepAsync(item, progress, "card", () => PostKeptAsync(item, progress, "card", $"card:{id}", channel, view.Card, cancellationToken), cancellationToken);
        await StepAsync(item, progress, "pin", async () =>
        {
            var card = await outbox.FindPostedAsync($"card:{id}", cancellationToken);
            try
            {
                await api.CallAsync("pins.add", Args(("channel", channel), ("timestamp", card!.Ts)), cancellationToken);
            }
            catch (SlackApiException ex) when (ex.Error is "already_pinned" or "not_pinnable" or "too_many_pins" or "missing_scope")
            {
                logger.LogWarning("The incident card in #{Name} was not pinned: {Error}", progress.Name, ex.Error);
            }
        }, cancellationToken);
        await StepAsync(item, progress, "board", () => PostKeptAsync(item, progress, "board", $"board:{id}", channel, view.Board, cancellationToken), cancellationToken);
        if (view.Alerts is { } alerts)
        {
            await StepAsync(item, progress, "alerts", () => PostKeptAsync(item, progress, "alerts", $"alerts:{id}", channel, alerts, cancellationToken), cancellationToken);
        }

        await StepAsync(item, progress, "bookmark", async () =>
        {
            if (IncidentPage(id) is not { } page)
            {
                return;
            }

            try
            {
                await api.CallAsync("bookmarks.add", Args(("channel_id", channel), ("title", $"{id} incident page"), ("type", "link"), ("link", page)), cancellationToken);
            }
            catch (SlackApiException ex) when (ex.Error is "invalid_link" or "missing_scope" or "too_many_bookmarks" or "not_allowed")
            {
                logger.LogWarning("The incident page was not bookmarked in #{Name}: {Error}", progress.Name, ex.Error);
            }
        }, cancellationToken);
        await StepAsync(item, progress, "announce", async () =>
        {
            if (string.IsNullOrEmpty(_options.BroadcastChannel))
            {
                return;
            }

            var page = IncidentPage(id) is { } link ? $" · <{link}|incident page>" : "";
            var text = $":rotating_light: *{id}* {SlackBlocks.Mrkdwn(view.Title)} ({view.Card.Fields.FirstOrDefault(f => f.Title == "Severity")?.Value ?? "severity not set"}) · join <#{channel}>{page}";
            await PostOnceAsync(item, progress, "announce", _options.BroadcastChannel, text, null, cancellationToken);
        }, cancellationToken);

        // From here on refreshes keep the room's messages current (and add the alert summary if alerts come later).
        await outbox.SavePostedAsync(new PostedMessage($"room:{id}", channel, "", "opened"), cancellationToken);
        return view.Version;
    }

    private async Task StepAsync(OutboxItem item, RoomProgress progress, string step, Func<Task> run, CancellationToken cancellationToken)
    {
        if (progress.Done.Contains(step))
        {
            return;
        }

        await run();
        progress.Done.Add(step);
        progress.Sending = null;
        await SaveAsync(item, progress, cancellationToken);
    }

    private Task SaveAsync(OutboxItem item, RoomProgress progress, CancellationToken cancellationToken) =>
        outbox.SaveProgressAsync(item.Id, System.Text.Json.JsonSerializer.Serialize(progress), cancellationToken);

    private async Task PostKeptAsync(OutboxItem item, RoomProgress progress, string step, string key, string channel, BotMessage message, CancellationToken cancellationToken)
    {
        var (text, blocks) = SlackBlocks.Render(message);
        var ts = await PostOnceAsync(item, progress, step, channel, text, blocks, cancellationToken);
        await outbox.SavePostedAsync(new PostedMessage(key, channel, ts, Hash(text + blocks.ToJsonString())), cancellationToken);
    }

    /// <summary>
    /// Posts once: the post carries the outbox id and step in its metadata, and "sending" is saved
    /// before the call, so after a crash between Slack's answer and the next save the post is found
    /// in the channel's history instead of posted again.
    /// </summary>
    private async Task<string> PostOnceAsync(OutboxItem item, RoomProgress progress, string step, string channel, string text, JsonArray? blocks, CancellationToken cancellationToken)
    {
        if (progress.Sending == step && await FindPostAsync(channel, item, step, cancellationToken) is { } landed)
        {
            return landed;
        }

        StepAsideIfBusy(channel);

        progress.Sending = step;
        await SaveAsync(item, progress, cancellationToken);

        try
        {
            var posted = await api.CallAsync("chat.postMessage", Args(("channel", channel), ("text", text), ("blocks", blocks), ("metadata", Metadata(item.Id, step)), ("unfurl_links", false)), cancellationToken);
            return posted["ts"]!.GetValue<string>();
        }
        catch (SlackApiException ex) when (ex.Error == SlackApi.Paced)
        {
            // Not sent: nothing to look for in the channel's history next time.
            progress.Sending = null;
            await SaveAsync(item, progress, cancellationToken);
            throw;
        }
    }

    /// <summary>Before a post is marked as being sent: a channel whose next slot is a while off is left for later.</summary>
    private void StepAsideIfBusy(string channel)
    {
        if (api.ChannelBusyFor(channel) is { } wait)
        {
            throw new SlackApiException("chat.postMessage", SlackApi.Paced, wait, transient: true);
        }
    }

    private static JsonObject Metadata(long outboxId, string step) => new()
    {
        ["event_type"] = MetadataType,
        ["event_payload"] = new JsonObject { ["outbox"] = outboxId, ["step"] = step },
    };

    private async Task<string?> FindPostAsync(string channel, OutboxItem item, string step, CancellationToken cancellationToken)
    {
        var oldest = (item.CreatedAt - TimeSpan.FromMinutes(1)).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var history = await api.CallAsync("conversations.history", Args(("channel", channel), ("oldest", oldest), ("limit", 200), ("include_all_metadata", true)), cancellationToken);
        foreach (var message in history["messages"]?.AsArray() ?? [])
        {
            var meta = message?["metadata"];
            if (meta?["event_type"]?.GetValue<string>() == MetadataType
                && meta["event_payload"]?["outbox"]?.GetValue<long>() == item.Id
                && meta["event_payload"]?["step"]?.GetValue<string>() == step)
            {
                logger.LogInformation("Outbox message {Id} ({Step}) had reached Slack before a restart; not posting it again", item.Id, step);
                return message!["ts"]!.GetValue<string>();
            }
        }

        return null;
    }

    // ---- posts, the card and the board ----

    /// <summary>
    /// Posts the replies waiting in a room's queue. Several waiting at once (a busy room, or Slack back
    /// after an outage) go out as one message, so a room that is told more than once a second does
    /// not fall behind. The batch is saved before the call, so a retry posts or finds exactly it.
    /// </summary>
    private async Task<long?> PostAsync(OutboxItem item, CancellationToken cancellationToken)
    {
        var id = IncidentId.Parse(JsonNode.Parse(item.Payload)!["incident"]!.GetValue<string>());
        var view = await ViewAsync(id, cancellationToken);
        if (view is null || view.Channel is "")
        {
            return long.MaxValue;
        }

        if (view.Channel is null)
        {
            throw new NotReadyException($"{id} has no war room yet");
        }

        StepAsideIfBusy(view.Channel);
        var waiting = await outbox.QueueAsync(item.Queue, MaxBatch, cancellationToken);
        var saved = item.Progress is { } progress && progress.StartsWith(SendingPrefix, StringComparison.Ordinal)
            ? progress[SendingPrefix.Length..].Split(',').Select(n => long.Parse(n, CultureInfo.InvariantCulture)).ToHashSet()
            : null;
        if (saved is not null && await FindPostAsync(view.Channel, item, "post", cancellationToken) is not null)
        {
            await DeliveredAsync(saved, item.Id, cancellationToken);
            return view.Version;
        }

        // Not in the channel: the earlier attempt never landed, so the batch may take in what came since.
        List<OutboxItem> batch = [.. waiting.TakeWhile(w => w.Kind == SlackOutboxPlanner.Post)];
        var (text, blocks, sent) = Combine(batch.Count == 0 ? [item] : batch);
        await outbox.SaveProgressAsync(item.Id, SendingPrefix + string.Join(',', sent), cancellationToken);
        try
        {
            await api.CallAsync("chat.postMessage", Args(("channel", view.Channel), ("text", text), ("blocks", blocks), ("metadata", Metadata(item.Id, "post")), ("unfurl_links", false)), cancellationToken);
        }
        catch (SlackApiException ex) when (ex.Error == SlackApi.Paced)
        {
            await outbox.SaveProgressAsync(item.Id, "", cancellationToken); // not sent
            throw;
        }

        await DeliveredAsync(sent, item.Id, cancellationToken);
        return view.Version;
    }

    private const string SendingPrefix = "sending:";
    private const int MaxBatch = 20;

    /// <summary>Replies as one message: each in turn, divided, within one message's 50 blocks; at least the first.</summary>
    private static (string Text, JsonArray Blocks, IReadOnlyCollection<long> Sent) Combine(IReadOnlyList<OutboxItem> items)
    {
        var blocks = new JsonArray();
        var texts = new List<string>();
        var sent = new List<long>();
        foreach (var waiting in items)
        {
            var (text, rendered) = SlackBlocks.Render(ReplyJson.Read(JsonNode.Parse(waiting.Payload)!["message"]!.ToJsonString()));
            var extra = rendered.Count + (blocks.Count > 0 ? 1 : 0);
            if (sent.Count > 0 && blocks.Count + extra > SlackBlocks.MaxBlocks)
            {
                break;
            }

            if (blocks.Count > 0)
            {
                blocks.Add(new JsonObject { ["type"] = "divider" });
            }

            foreach (var block in rendered.ToList())
            {
                rendered.Remove(block);
                blocks.Add(block);
            }

            texts.Add(text);
            sent.Add(waiting.Id);
        }

        var fallback = string.Join("\n", texts);
        return (fallback.Length <= 3900 ? fallback : fallback[..3899] + "…", blocks, sent);
    }

    /// <summary>Marks the batch's other messages delivered; the caller marks the head.</summary>
    private async Task DeliveredAsync(IEnumerable<long> batch, long head, CancellationToken cancellationToken)
    {
        foreach (var other in batch.Where(b => b != head))
        {
            await outbox.DeliveredAsync(other, long.MaxValue, clock.GetUtcNow(), cancellationToken);
        }
    }

    private async Task<long?> RefreshAsync(OutboxItem item, CancellationToken cancellationToken)
    {
        var id = IncidentId.Parse(JsonNode.Parse(item.Payload)!["incident"]!.GetValue<string>());
        var view = await ViewAsync(id, cancellationToken);
        if (view is null || view.Channel is "")
        {
            return long.MaxValue;
        }

        if (view.Channel is null)
        {
            // No room yet: a detected incident is shown by its notice in the broadcast channel, kept current
            // until someone declares or dismisses it; otherwise the room is being opened right now.
            if (await outbox.FindPostedAsync($"notice:{id}", cancellationToken) is { } notice)
            {
                await UpdateAsync(notice, view.Card, cancellationToken);
                return view.Version;
            }

            return view.Phase is Phase.Detected || view.Phase.IsFinished() ? view.Version : throw new NotReadyException($"{id}'s war room is still being opened");
        }

        var card = await outbox.FindPostedAsync($"card:{id}", cancellationToken);
        var board = await outbox.FindPostedAsync($"board:{id}", cancellationToken);
        if (card is null || board is null || await outbox.FindPostedAsync($"room:{id}", cancellationToken) is null)
        {
            throw new NotReadyException($"{id}'s war room is still being opened");
        }

        await UpdateAsync(card, view.Card, cancellationToken);
        await UpdateAsync(board, view.Board, cancellationToken);
        if (await outbox.FindPostedAsync($"notice:{id}", cancellationToken) is { } announced)
        {
            // The notice it was detected with says where it went since.
            await UpdateAsync(announced, view.Card with { Buttons = [], Context = [$"Declared: the war room is #{view.RoomName}."] }, cancellationToken);
        }

        if (view.Alerts is { } alerts)
        {
            if (await outbox.FindPostedAsync($"alerts:{id}", cancellationToken) is { } posted)
            {
                await UpdateAsync(posted, alerts, cancellationToken);
            }
            else
            {
                await PostKeptAsync(item, RoomProgress.Of(item), "alerts", $"alerts:{id}", view.Channel, alerts, cancellationToken);
            }
        }

        var topic = await outbox.FindPostedAsync($"topic:{id}", cancellationToken);
        if (topic is not null && topic.Hash != Hash(view.Topic))
        {
            await api.CallAsync("conversations.setTopic", Args(("channel", view.Channel), ("topic", view.Topic)), cancellationToken);
            await outbox.SavePostedAsync(topic with { Hash = Hash(view.Topic) }, cancellationToken);
        }

        return view.Version;
    }

    /// <summary>A detected incident's notice in the broadcast channel: its card, with Declare and Dismiss, kept current.</summary>
    private async Task<long?> NoticeAsync(OutboxItem item, CancellationToken cancellationToken)
    {
        var id = IncidentId.Parse(JsonNode.Parse(item.Payload)!["incident"]!.GetValue<string>());
        var view = await ViewAsync(id, cancellationToken);
        if (view is null || string.IsNullOrEmpty(_options.BroadcastChannel))
        {
            return long.MaxValue;
        }

        await PostKeptAsync(item, RoomProgress.Of(item), "notice", $"notice:{id}", _options.BroadcastChannel, view.Card, cancellationToken);
        return view.Version;
    }

    private async Task UpdateAsync(PostedMessage posted, BotMessage message, CancellationToken cancellationToken)
    {
        var (text, blocks) = SlackBlocks.Render(message);
        var hash = Hash(text + blocks.ToJsonString());
        if (hash == posted.Hash)
        {
            return;
        }

        await api.CallAsync("chat.update", Args(("channel", posted.Channel), ("ts", posted.Ts), ("text", text), ("blocks", blocks)), cancellationToken);
        await outbox.SavePostedAsync(posted with { Hash = hash }, cancellationToken);
    }

    private async Task<long?> ExplainAsync(OutboxItem item, CancellationToken cancellationToken)
    {
        var payload = JsonNode.Parse(item.Payload)!;
        var (text, blocks) = SlackBlocks.Render(ReplyJson.Read(payload["message"]!.ToJsonString()));
        try
        {
            await api.CallAsync("chat.postEphemeral", Args(("channel", payload["channel"]!.GetValue<string>()), ("user", payload["user"]!.GetValue<string>()), ("text", text), ("blocks", blocks)), cancellationToken);
        }
        catch (SlackApiException ex) when (ex.Error is "not_in_channel" or "user_not_in_channel" or "channel_not_found")
        {
            logger.LogWarning("An explanation for {User} could not be shown: {Error}", directory.NameOf(payload["user"]!.GetValue<string>()) ?? "a user", ex.Error);
        }

        return long.MaxValue;
    }

    /// <summary>What the platform saw is recorded; the room already saw it, so nothing is posted.</summary>
    private static readonly Func<Incident, BotMessage> Quiet = IncidentDecider.Aside("");

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static Dictionary<string, object?> Args(params (string Key, object? Value)[] args) => args.ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal);
}
