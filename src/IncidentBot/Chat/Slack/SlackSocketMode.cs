using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using IncidentBot.Hosting;
using IncidentBot.Storage;
using IncidentBot.Workflows.Language;
using Microsoft.Extensions.Options;

namespace IncidentBot.Chat.Slack;

/// <summary>
/// Socket Mode (protocols §A6): no public URL needed. Keeps <see cref="SlackOptions.SocketConnections"/>
/// WebSockets open from <c>apps.connections.open</c>, acks every envelope after handling it with the
/// same handlers as HTTP mode, and reconnects when Slack asks (<c>disconnect</c>), when a connection
/// drops, or when the network fails, with backoff. Each connection holds one of the app's ten slots
/// (<see cref="SlackSocketSlots"/>) while open, so several replicas together stay within Slack's limit.
/// </summary>
public sealed class SlackSocketMode(
    SlackApi api,
    SlackSocketSlots slots,
    SlackCommands commands,
    SlackInteractions interactions,
    SlackEvents events,
    IOptions<SlackOptions> options,
    IOptions<BotOptions> bot,
    TimeProvider clock,
    ILogger<SlackSocketMode> logger) : BackgroundService
{
    private readonly SlackOptions _options = options.Value;

    /// <summary>Connections that said hello, for tests and /readyz.</summary>
    public int Connected => _connected;

    private int _connected;

    /// <summary>Connections waiting for one of the app's slots, held by other replicas.</summary>
    public int Waiting => _waiting;

    private int _waiting;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Commands over the socket are answered in the installation's language, as over HTTP; it flows to every envelope's handler.
        using var language = Say.Use(bot.Value.Locale);
        var count = Math.Clamp(_options.SocketConnections, 1, 10);
        logger.LogInformation("Slack Socket Mode: opening {Count} connections", count);
        await Task.WhenAll(Enumerable.Range(1, count).Select(n => KeepConnectedAsync(n, stoppingToken)));
    }

    private async Task KeepConnectedAsync(int number, CancellationToken stoppingToken)
    {
        var failures = 0;
        var waiting = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            if (await slots.TakeAsync(number, waiting, stoppingToken) is not { } slot)
            {
                if (!waiting)
                {
                    waiting = true;
                    Interlocked.Increment(ref _waiting);
                }

                await Task.Delay(SlotWait, clock, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                continue;
            }

            if (waiting)
            {
                waiting = false;
                Interlocked.Decrement(ref _waiting);
            }

            using var held = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            var keeping = slots.KeepAsync(number, slot, held.CancelAsync, held.Token);
            try
            {
                var opened = await api.CallAsync("apps.connections.open", new Dictionary<string, object?>(), _options.AppToken, held.Token);
                var url = opened["url"]?.GetValue<string>() ?? throw new SlackApiException("apps.connections.open", "invalid_response", null, transient: true);
                using var socket = new ClientWebSocket();
                await socket.ConnectAsync(new Uri(url), held.Token);
                failures = 0;
                await ServeAsync(number, socket, held.Token);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (SlackApiException ex) when (!ex.Transient && ex.RetryAfter is null)
            {
                failures++;
                logger.LogError("Socket Mode connection {Number} cannot open: {Error}. {Advice}", number, ex.Error,
                    ex.Error is "invalid_auth" or "not_authed" ? "Slack__AppToken must be an app-level token (xapp-…) with connections:write." : SlackApiException.Advice(ex.Error));
            }
#pragma warning disable CA1031 // A dropped connection of any kind is reconnected; the loop must outlive it.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                failures++;
                logger.LogWarning("Socket Mode connection {Number} lost ({Reason}); reconnecting", number, ex.Message);
            }

            finally
            {
                await held.CancelAsync();
                await keeping;
                slots.Release(slot);
            }

            var wait = TimeSpan.FromSeconds(Math.Min(30, _options.RetryBaseSeconds * Math.Pow(2, Math.Min(failures, 5)) * (failures == 0 ? 0 : 1)));
            await Task.Delay(wait, clock, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private static readonly TimeSpan SlotWait = TimeSpan.FromSeconds(5);

    private async Task ServeAsync(int number, ClientWebSocket socket, CancellationToken stoppingToken)
    {
        using var sending = new SemaphoreSlim(1, 1);
        var handling = new List<Task>();
        var hello = false;
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var text = await ReceiveAsync(socket, stoppingToken);
                if (text is null)
                {
                    return; // closed by Slack
                }

                if (SlackEndpoints.Object(text) is not { } message)
                {
                    logger.LogWarning("Socket Mode connection {Number} received something that is not a JSON object; ignored", number);
                    continue;
                }

                switch (message["type"]?.GetValue<string>())
                {
                    case "hello":
                        hello = true;
                        Interlocked.Increment(ref _connected);
                        break;
                    case "disconnect":
                        logger.LogInformation("Slack asked Socket Mode connection {Number} to reconnect ({Reason})", number, message["reason"]?.GetValue<string>());
                        await Task.WhenAll(handling);
                        await CloseAsync(socket);
                        return;
                    case "events_api" or "slash_commands" or "interactive":
                        handling.RemoveAll(t => t.IsCompleted);
                        handling.Add(HandleAsync(socket, sending, message, stoppingToken));
                        break;
                }
            }
        }
        finally
        {
            if (hello)
            {
                Interlocked.Decrement(ref _connected);
            }

            await Task.WhenAll(handling).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task HandleAsync(ClientWebSocket socket, SemaphoreSlim sending, JsonObject envelope, CancellationToken stoppingToken)
    {
        var id = envelope["envelope_id"]?.GetValue<string>();
        if (id is null || envelope["payload"] is not JsonObject payload)
        {
            return;
        }

        SlackAnswer answer;
        try
        {
            answer = envelope["type"]!.GetValue<string>() switch
            {
                "slash_commands" => await commands.CommandAsync(name => payload[name]?.ToString(), stoppingToken),
                "interactive" => await interactions.InteractionAsync(payload, stoppingToken),
                _ => await events.EventAsync(payload, stoppingToken),
            };
        }
#pragma warning disable CA1031 // Not acking makes Slack retry; a failure to handle is logged and retried by Slack.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            logger.LogError(ex, "Socket Mode envelope {Envelope} failed; not acknowledged, so Slack retries it", id);
            return;
        }

        var ack = new JsonObject { ["envelope_id"] = id };
        if (answer.Body is { } body && answer.Status == 200 && envelope["type"]!.GetValue<string>() != "events_api")
        {
            ack["payload"] = body.DeepClone();
        }

        await sending.WaitAsync(stoppingToken);
        try
        {
            await socket.SendAsync(Encoding.UTF8.GetBytes(ack.ToJsonString()), WebSocketMessageType.Text, endOfMessage: true, stoppingToken);
        }
        finally
        {
            sending.Release();
        }

        if (answer.After is { } after)
        {
            await after();
        }
    }

    private static async Task<string?> ReceiveAsync(ClientWebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            message.Write(buffer, 0, result.Count);
            if (message.Length > SlackEndpoints.MaxBodyBytes * 4)
            {
                throw new InvalidDataException("A Socket Mode message over 1 MiB.");
            }

            if (result.EndOfMessage)
            {
                return Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length);
            }
        }
    }

    private static async Task CloseAsync(ClientWebSocket socket)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "reconnecting", timeout.Token);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // The other side may be gone already.
        }
    }
}
