using System.Collections.Concurrent;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IncidentBot.FakeSlack;

/// <summary>
/// A Slack Web API on loopback for tests and load runs: checks tokens and required arguments,
/// enforces channel-name rules and per-method rate limits (answering 429 with Retry-After), keeps
/// channels and messages, records every call, and serves Socket Mode over a WebSocket. It can be
/// taken down (503), made slow, or told to fail one method once.
/// </summary>
public sealed partial class FakeSlackServer : IAsyncDisposable
{
    public const string BotToken = "xoxb-fake-bot-token";
    public const string AppToken = "xapp-fake-app-token";
    public const string BotUser = "UBOT00001";

    private static readonly Dictionary<string, string[]> Required = new(StringComparer.Ordinal)
    {
        ["conversations.create"] = ["name"],
        ["conversations.invite"] = ["channel", "users"],
        ["conversations.setTopic"] = ["channel", "topic"],
        ["conversations.history"] = ["channel"],
        ["conversations.replies"] = ["channel", "ts"],
        ["chat.postMessage"] = ["channel"],
        ["chat.update"] = ["channel", "ts"],
        ["chat.postEphemeral"] = ["channel", "user"],
        ["pins.add"] = ["channel", "timestamp"],
        ["bookmarks.add"] = ["channel_id", "title", "type"],
        ["views.open"] = ["trigger_id", "view"],
        ["users.info"] = ["user"],
        ["apps.connections.open"] = [],
    };

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<SlackCall> _calls = new();
    private readonly ConcurrentDictionary<string, FakeChannel> _channels = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _users = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentQueue<DateTimeOffset>> _methodCalls = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _failOnce = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _loseAnswerOnce = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<SlackCall> _limited = new();
    private readonly ConcurrentQueue<FakeSocket> _sockets = new();
    private long _ts = 1_700_000_000_000_100;
    private int _nextChannel;

    private FakeSlackServer(WebApplication app) => _app = app;

    /// <summary>Every call, in the order they arrived.</summary>
    public IReadOnlyList<SlackCall> Calls => [.. _calls];

    /// <summary>Calls of one method, in order.</summary>
    public IReadOnlyList<SlackCall> CallsOf(string method) => [.. _calls.Where(c => c.Method == method)];

    public Uri ApiBaseUrl { get; private set; } = null!;

    /// <summary>While true every call answers HTTP 503, as Slack does on a bad day.</summary>
    public bool Down { get; set; }

    /// <summary>Every call fails this way until it is set back to <see cref="SlackOutage.None"/>.</summary>
    public SlackOutage Outage { get; set; }

    /// <summary>Added to every call before it is answered.</summary>
    public TimeSpan Latency { get; set; }

    /// <summary>Calls a method may take in a minute before it answers 429 (the real tiers are 1, 20, 50, 100).</summary>
    public Dictionary<string, int> PerMinute { get; } = new(StringComparer.Ordinal);

    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(1);

    public IReadOnlyCollection<FakeChannel> Channels => [.. _channels.Values];

    public FakeChannel Channel(string id) => _channels[id];

    public FakeChannel? ChannelNamed(string name) => _channels.Values.FirstOrDefault(c => c.Name == name);

    /// <summary>Connected Socket Mode clients, oldest first.</summary>
    public IReadOnlyList<FakeSocket> Sockets => [.. _sockets];

    public static async Task<FakeSlackServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeSlackServer(app);
        app.UseWebSockets();
        app.MapPost("/api/{method}", (HttpContext context, string method) => fake.HandleAsync(context, method));
        app.Map("/link", fake.AcceptSocketAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake.ApiBaseUrl = new Uri(address + "/api/");
        return fake;
    }

    public void AddUser(string id, string name) => _users[id] = name;

    /// <summary>A channel that exists before the bot starts (a broadcast channel, a name already taken).</summary>
    public FakeChannel AddChannel(string name)
    {
        var channel = new FakeChannel($"C{Interlocked.Increment(ref _nextChannel):D8}", name);
        _channels[channel.Id] = channel;
        return channel;
    }

    /// <summary>The next call of <paramref name="method"/> answers <c>ok:false</c> with <paramref name="error"/>.</summary>
    public void FailOnce(string method, string error) => _failOnce[method] = error;

    /// <summary>The next call of <paramref name="method"/> is carried out, but its answer is lost (HTTP 502), as when a connection drops.</summary>
    public void LoseAnswerOnce(string method) => _loseAnswerOnce[method] = true;

    /// <summary>Calls answered with HTTP 429.</summary>
    public IReadOnlyList<SlackCall> RateLimited => [.. _limited];

    private async Task HandleAsync(HttpContext context, string method)
    {
        var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync() : null;
        var args = form?.ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal) ?? [];
        var token = context.Request.Headers.Authorization.ToString() is { } auth && auth.StartsWith("Bearer ", StringComparison.Ordinal) ? auth[7..] : args.GetValueOrDefault("token");
        _calls.Enqueue(new SlackCall(method, args, DateTimeOffset.UtcNow));
        if (Latency > TimeSpan.Zero)
        {
            await Task.Delay(Latency);
        }

        if (Down)
        {
            context.Response.StatusCode = 503;
            return;
        }

        switch (Outage)
        {
            case SlackOutage.Refuse:
                context.Abort();
                return;
            case SlackOutage.ServerError:
                context.Response.StatusCode = 500;
                return;
            case SlackOutage.RateLimited:
                context.Response.StatusCode = 429;
                context.Response.Headers.RetryAfter = "30";
                return;
            case SlackOutage.Hang:
                await Task.Delay(Timeout.Infinite, context.RequestAborted).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                context.Abort();
                return;
        }

        if (PerMinute.TryGetValue(method, out var limit))
        {
            var times = _methodCalls.GetOrAdd(method, _ => new ConcurrentQueue<DateTimeOffset>());
            var now = DateTimeOffset.UtcNow;
            while (times.TryPeek(out var first) && now - first > TimeSpan.FromMinutes(1))
            {
                times.TryDequeue(out _);
            }

            if (times.Count >= limit)
            {
                _limited.Enqueue(new SlackCall(method, args, now));
                context.Response.StatusCode = 429;
                context.Response.Headers.RetryAfter = ((int)Math.Ceiling(RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                return;
            }

            times.Enqueue(now);
        }

        var expected = method == "apps.connections.open" ? AppToken : BotToken;
        JsonObject answer;
        if (token != expected)
        {
            answer = Error(string.IsNullOrEmpty(token) ? "not_authed" : "invalid_auth");
        }
        else if (!Required.TryGetValue(method, out var required))
        {
            answer = Error("unknown_method");
        }
        else if (required.FirstOrDefault(r => string.IsNullOrEmpty(args.GetValueOrDefault(r))) is { } missing)
        {
            answer = Error("invalid_arguments", $"missing required argument {missing}");
        }
        else if (_failOnce.TryRemove(method, out var error))
        {
            answer = Error(error);
        }
        else
        {
            answer = Answer(method, args, context);
        }

        if (_loseAnswerOnce.TryRemove(method, out _))
        {
            context.Response.StatusCode = 502;
            return;
        }

        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(answer.ToJsonString());
    }

    /// <summary>Messages as conversations.history and conversations.replies return them (metadata only when asked for).</summary>
    private static JsonObject History(IEnumerable<FakeMessage> messages, Dictionary<string, string> args)
    {
        var withMetadata = args.GetValueOrDefault("include_all_metadata") == "true";
        return Ok(new JsonObject
        {
            ["messages"] = new JsonArray([.. messages.Select(m =>
            {
                var item = new JsonObject { ["type"] = "message", ["ts"] = m.Ts, ["text"] = m.Text };
                if (withMetadata && m.Metadata is not null)
                {
                    item["metadata"] = JsonNode.Parse(m.Metadata);
                }

                return (JsonNode)item;
            })]),
            ["has_more"] = false,
        });
    }

    private JsonObject Answer(string method, Dictionary<string, string> args, HttpContext context)
    {
        FakeChannel? Find(string key) => args.TryGetValue(key, out var id) && _channels.TryGetValue(id, out var c) ? c : null;
        switch (method)
        {
            case "conversations.create":
                {
                    var name = args["name"];
                    if (name.Length > 80)
                    {
                        return Error("invalid_name_maxlength");
                    }

                    if (!ChannelName().IsMatch(name))
                    {
                        return Error("invalid_name_specials");
                    }

                    lock (_channels)
                    {
                        if (_channels.Values.Any(c => c.Name == name))
                        {
                            return Error("name_taken");
                        }

                        var channel = AddChannel(name);
                        channel.Members.Add(BotUser);
                        return Ok(new JsonObject { ["channel"] = new JsonObject { ["id"] = channel.Id, ["name"] = name } });
                    }
                }

            case "conversations.invite":
                {
                    if (Find("channel") is not { } channel)
                    {
                        return Error("channel_not_found");
                    }

                    foreach (var user in args["users"].Split(','))
                    {
                        channel.Members.Add(user);
                    }

                    return Ok(new JsonObject { ["channel"] = new JsonObject { ["id"] = channel.Id } });
                }

            case "conversations.setTopic":
                {
                    if (Find("channel") is not { } channel)
                    {
                        return Error("channel_not_found");
                    }

                    if (args["topic"].Length > 250)
                    {
                        return Error("too_long");
                    }

                    channel.Topic = args["topic"];
                    return Ok(new JsonObject());
                }

            case "chat.postMessage":
                {
                    if (Find("channel") is not { } channel)
                    {
                        return Error("channel_not_found");
                    }

                    if (string.IsNullOrEmpty(args.GetValueOrDefault("text")) && string.IsNullOrEmpty(args.GetValueOrDefault("blocks")))
                    {
                        return Error("no_text");
                    }

                    if (channel.RefusePosts is { } refusal)
                    {
                        return Error(refusal);
                    }

                    var ts = NextTs();
                    var message = new FakeMessage(ts, args.GetValueOrDefault("text") ?? "", args.GetValueOrDefault("blocks"), args.GetValueOrDefault("metadata"), DateTimeOffset.UtcNow);
                    if (args.GetValueOrDefault("thread_ts") is { Length: > 0 } thread)
                    {
                        // A reply in a thread: as in Slack, it is not one of the channel's messages (history leaves it out).
                        return channel.Reply(thread, message) ? Ok(new JsonObject { ["channel"] = channel.Id, ["ts"] = ts }) : Error("thread_not_found");
                    }

                    channel.Add(message);
                    return Ok(new JsonObject { ["channel"] = channel.Id, ["ts"] = ts });
                }

            case "chat.update":
                {
                    if (Find("channel") is not { } channel)
                    {
                        return Error("channel_not_found");
                    }

                    if (!channel.Update(args["ts"], args.GetValueOrDefault("text") ?? "", args.GetValueOrDefault("blocks")))
                    {
                        return Error("message_not_found");
                    }

                    return Ok(new JsonObject { ["channel"] = channel.Id, ["ts"] = args["ts"] });
                }

            case "chat.postEphemeral":
                {
                    if (Find("channel") is not { } channel)
                    {
                        return Error("channel_not_found");
                    }

                    channel.Ephemeral.Enqueue((args["user"], args.GetValueOrDefault("text") ?? ""));
                    return Ok(new JsonObject { ["message_ts"] = NextTs() });
                }

            case "pins.add":
                {
                    if (Find("channel") is not { } channel)
                    {
                        return Error("channel_not_found");
                    }

                    return channel.Pins.Contains(args["timestamp"]) ? Error("already_pinned") : channel.Pin(args["timestamp"]) ? Ok(new JsonObject()) : Error("message_not_found");
                }

            case "bookmarks.add":
                {
                    if (Find("channel_id") is not { } channel)
                    {
                        return Error("channel_not_found");
                    }

                    var link = args.GetValueOrDefault("link") ?? "";
                    if (!link.StartsWith("http://", StringComparison.Ordinal) && !link.StartsWith("https://", StringComparison.Ordinal))
                    {
                        return Error("invalid_link");
                    }

                    channel.Bookmarks.Enqueue((args["title"], link));
                    return Ok(new JsonObject { ["bookmark"] = new JsonObject { ["title"] = args["title"], ["link"] = link } });
                }

            case "views.open":
                return Ok(new JsonObject { ["view"] = new JsonObject { ["id"] = "V" + NextTs().Replace(".", "", StringComparison.Ordinal) } });
            case "users.info":
                return _users.TryGetValue(args["user"], out var userName)
                    ? Ok(new JsonObject { ["user"] = new JsonObject { ["id"] = args["user"], ["name"] = userName } })
                    : Error("user_not_found");
            case "conversations.history":
                {
                    if (Find("channel") is not { } channel)
                    {
                        return Error("channel_not_found");
                    }

                    return History(channel.Messages.Reverse(), args);
                }

            case "conversations.replies":
                {
                    if (Find("channel") is not { } channel)
                    {
                        return Error("channel_not_found");
                    }

                    var parent = channel.Messages.FirstOrDefault(m => m.Ts == args["ts"]);
                    return parent is null ? Error("thread_not_found") : History([parent, .. channel.Replies(parent.Ts)], args);
                }

            case "apps.connections.open":
                {
                    var host = context.Request.Host.ToString();
                    return Ok(new JsonObject { ["url"] = $"ws://{host}/link/?ticket={Guid.NewGuid():N}" });
                }

            default:
                return Error("unknown_method");
        }
    }

    private async Task AcceptSocketAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = 400;
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var fake = new FakeSocket(socket);
        _sockets.Enqueue(fake);
        await fake.SendAsync(new JsonObject
        {
            ["type"] = "hello",
            ["num_connections"] = _sockets.Count(s => s.Open),
            ["connection_info"] = new JsonObject { ["app_id"] = "AFAKE0001" },
            ["debug_info"] = new JsonObject { ["approximate_connection_time"] = 3600 },
        });
        await fake.RunAsync(context.RequestAborted);
    }

    private string NextTs()
    {
        var value = Interlocked.Increment(ref _ts);
        return (value / 1_000_000).ToString(CultureInfo.InvariantCulture) + "." + (value % 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
    }

    private static JsonObject Ok(JsonObject body)
    {
        body["ok"] = true;
        return body;
    }

    private static JsonObject Error(string error, string? detail = null)
    {
        var body = new JsonObject { ["ok"] = false, ["error"] = error };
        if (detail is not null)
        {
            body["response_metadata"] = new JsonObject { ["messages"] = new JsonArray(detail) };
        }

        return body;
    }

    [GeneratedRegex("^[a-z0-9_-]{1,80}$")]
    private static partial Regex ChannelName();

    public async ValueTask DisposeAsync()
    {
        foreach (var socket in _sockets)
        {
            socket.Abort();
        }

        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>One recorded Web API call.</summary>
public sealed record SlackCall(string Method, IReadOnlyDictionary<string, string> Args, DateTimeOffset At)
{
    public string? Arg(string name) => Args.GetValueOrDefault(name);
}

public sealed record FakeMessage(string Ts, string Text, string? Blocks, string? Metadata, DateTimeOffset At)
{
    public int Updates { get; init; }
}

/// <summary>The server's end of one Socket Mode connection: send envelopes, read the acks.</summary>
public sealed class FakeSocket(WebSocket socket)
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JsonObject>> _acks = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _sending = new(1, 1);

    public bool Open => socket.State == WebSocketState.Open;

    public async Task SendAsync(JsonObject message)
    {
        await _sending.WaitAsync();
        try
        {
            await socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, CancellationToken.None);
        }
        finally
        {
            _sending.Release();
        }
    }

    /// <summary>Sends an envelope and waits for its ack (the ack's JSON).</summary>
    public async Task<JsonObject> SendEnvelopeAsync(string type, JsonObject payload, TimeSpan timeout)
    {
        var id = Guid.NewGuid().ToString();
        var ack = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        _acks[id] = ack;
        await SendAsync(new JsonObject { ["envelope_id"] = id, ["type"] = type, ["payload"] = payload, ["accepts_response_payload"] = type != "events_api" });
        return await ack.Task.WaitAsync(timeout);
    }

    public Task DisconnectAsync(string reason) => SendAsync(new JsonObject { ["type"] = "disconnect", ["reason"] = reason });

    public void Abort() => socket.Abort();

    internal async Task RunAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                using var message = new MemoryStream();
                WebSocketReceiveResult result;
                do
                {
                    result = await socket.ReceiveAsync(buffer, cancellationToken);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
                        return;
                    }

                    message.Write(buffer, 0, result.Count);
                }
                while (!result.EndOfMessage);

                if (JsonNode.Parse(message.ToArray()) is JsonObject ack && ack["envelope_id"]?.GetValue<string>() is { } id && _acks.TryRemove(id, out var waiting))
                {
                    waiting.TrySetResult(ack);
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // The client went away.
        }
    }
}
