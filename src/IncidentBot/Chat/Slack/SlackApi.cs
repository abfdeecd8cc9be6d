using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace IncidentBot.Chat.Slack;

/// <summary>
/// The Slack Web API methods the bot uses (protocols §A7), form-encoded with the token in the
/// Authorization header. Every call checks <c>ok</c>; an error becomes a <see cref="SlackApiException"/>
/// that says what to fix. Each method keeps to its rate tier; after an HTTP 429 the method waits as
/// long as Slack said, other methods do not. Posts and updates keep one channel to about one a second.
/// </summary>
public sealed class SlackApi : IDisposable
{
    private static readonly Dictionary<string, int> PerMinute = new(StringComparer.Ordinal)
    {
        ["apps.connections.open"] = 10, // Tier 1 ("1+ per minute"), with room for every connection to open at once
        ["conversations.create"] = 20,
        ["conversations.setTopic"] = 20,
        ["pins.add"] = 20,
        ["bookmarks.add"] = 20,
        ["conversations.invite"] = 50,
        ["chat.update"] = 50,
        ["conversations.history"] = 50,
        ["chat.postEphemeral"] = 100,
        ["views.open"] = 100,
        ["users.info"] = 100,
        ["chat.postMessage"] = 300,
    };

    /// <summary>The error of a call not made because its channel's next slot is further off than <see cref="MaxPaceWait"/>.</summary>
    public const string Paced = "paced";

    private static readonly TimeSpan MaxPaceWait = TimeSpan.FromMilliseconds(250);

    private static readonly HashSet<string> ChannelMessages = new(StringComparer.Ordinal) { "chat.postMessage", "chat.update", "chat.postEphemeral" };

    private readonly HttpClient _http;
    private readonly SlackOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<SlackApi> _logger;
    private readonly ConcurrentDictionary<string, RateLimiter> _tiers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _blockedUntil = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ChannelPace> _channels = new(StringComparer.Ordinal);

    public SlackApi(HttpClient http, IOptions<SlackOptions> options, TimeProvider clock, ILogger<SlackApi> logger)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        _http = http;
        _options = options.Value;
        _clock = clock;
        _logger = logger;
        var baseUrl = _options.ApiBaseUrl.ToString();
        _http.BaseAddress = new Uri(baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/");
        _http.Timeout = TimeSpan.FromSeconds(_options.TimeoutSeconds);
    }

    /// <summary>Calls <paramref name="method"/> with the bot token; the answer's JSON when <c>ok</c> is true.</summary>
    public Task<JsonObject> CallAsync(string method, IReadOnlyDictionary<string, object?> args, CancellationToken cancellationToken) =>
        CallAsync(method, args, _options.BotToken, cancellationToken);

    public async Task<JsonObject> CallAsync(string method, IReadOnlyDictionary<string, object?> args, string? token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(args);
        if (string.IsNullOrEmpty(token))
        {
            throw new SlackApiException(method, "not_authed", null, transient: false);
        }

        var now = _clock.GetUtcNow();
        if (_blockedUntil.TryGetValue(method, out var until) && until > now)
        {
            throw new SlackApiException(method, "ratelimited", until - now, transient: true);
        }

        // Within the method's tier; a caller that would wait long is told to come back instead of holding on.
        using (var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            waiting.CancelAfter(MaxPaceWait);
            try
            {
                using var lease = await Tier(method).AcquireAsync(1, waiting.Token);
                if (!lease.IsAcquired)
                {
                    throw new SlackApiException(method, Paced, TimeSpan.FromSeconds(1), transient: true);
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new SlackApiException(method, Paced, TimeSpan.FromSeconds(1), transient: true);
            }
        }

        if (!ChannelMessages.Contains(method) || !args.TryGetValue("channel", out var channel) || channel is not string id)
        {
            return await SendAsync(method, args, token, cancellationToken);
        }

        // One message at a time per channel, the next no sooner than the interval after the previous
        // one was answered: so Slack sees them at least that far apart, whatever the network does.
        var pace = _channels.GetOrAdd(id, _ => new ChannelPace());
        if (!await pace.Gate.WaitAsync(MaxPaceWait, cancellationToken))
        {
            // Others are queued for this channel: come back later rather than hold the caller.
            throw new SlackApiException(method, Paced, TimeSpan.FromSeconds(_options.ChannelIntervalSeconds), transient: true);
        }

        try
        {
            // A slot far off is not waited for here, holding the caller: it is told when to come back.
            if (pace.Next - _clock.GetUtcNow() is var far && far > MaxPaceWait)
            {
                throw new SlackApiException(method, Paced, far, transient: true);
            }

            // Timers may fire a little early by the wall clock: wait until the slot has truly come.
            for (var wait = pace.Next - _clock.GetUtcNow(); wait > TimeSpan.Zero; wait = pace.Next - _clock.GetUtcNow())
            {
                await Task.Delay(wait + TimeSpan.FromMilliseconds(1), _clock, cancellationToken);
            }

            try
            {
                return await SendAsync(method, args, token, cancellationToken);
            }
            finally
            {
                pace.Next = _clock.GetUtcNow() + TimeSpan.FromSeconds(_options.ChannelIntervalSeconds);
            }
        }
        finally
        {
            pace.Gate.Release();
        }
    }

    /// <summary>
    /// How long until a message to <paramref name="channel"/> could be sent, if that is further off than a
    /// caller should wait (so it can step aside before it marks anything as being sent); null when soon.
    /// </summary>
    public TimeSpan? ChannelBusyFor(string channel)
    {
        ArgumentNullException.ThrowIfNull(channel);
        if (!_channels.TryGetValue(channel, out var pace))
        {
            return null;
        }

        var wait = pace.Next - _clock.GetUtcNow();
        return pace.Gate.CurrentCount == 0 ? TimeSpan.FromSeconds(Math.Max(_options.ChannelIntervalSeconds, wait.TotalSeconds))
            : wait > MaxPaceWait ? wait : null;
    }

    private async Task<JsonObject> SendAsync(string method, IReadOnlyDictionary<string, object?> args, string token, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, method) { Content = new FormUrlEncodedContent(Form(args)) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new SlackApiException(method, "network", null, transient: true, ex);
        }

        using (response)
        {
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                var wait = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(30);
                _blockedUntil[method] = _clock.GetUtcNow() + wait;
                _logger.LogWarning("Slack rate-limited {Method}; waiting {Seconds} s before calling it again", method, wait.TotalSeconds);
                throw new SlackApiException(method, "ratelimited", wait, transient: true);
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new SlackApiException(method, $"http_{(int)response.StatusCode}", null, transient: (int)response.StatusCode >= 500);
            }

            JsonObject? body;
            try
            {
                body = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken)) as JsonObject;
            }
            catch (JsonException ex)
            {
                throw new SlackApiException(method, "invalid_response", null, transient: true, ex);
            }

            if (body is null)
            {
                throw new SlackApiException(method, "invalid_response", null, transient: true);
            }

            if (body["ok"]?.GetValue<bool>() != true)
            {
                var error = body["error"]?.GetValue<string>() ?? "unknown_error";
                throw new SlackApiException(method, error, null, transient: error is "internal_error" or "fatal_error" or "service_unavailable" or "request_timeout");
            }

            return body;
        }
    }

    private RateLimiter Tier(string method) => _tiers.GetOrAdd(method, m =>
    {
        var perMinute = PerMinute.GetValueOrDefault(m, 20);
        return new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            // A burst of a quarter of the minute's calls, except that every Socket Mode connection may reopen at once.
            TokenLimit = m == "apps.connections.open" ? perMinute : Math.Max(1, perMinute / 4),
            TokensPerPeriod = 1,
            ReplenishmentPeriod = TimeSpan.FromMilliseconds(60_000.0 / perMinute),
            QueueLimit = 10_000,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
    });

    private static IEnumerable<KeyValuePair<string, string>> Form(IReadOnlyDictionary<string, object?> args)
    {
        foreach (var (key, value) in args)
        {
            switch (value)
            {
                case null:
                    break;
                case string text:
                    yield return new(key, text);
                    break;
                case bool flag:
                    yield return new(key, flag ? "true" : "false");
                    break;
                case IFormattable number:
                    yield return new(key, number.ToString(null, CultureInfo.InvariantCulture));
                    break;
                case JsonNode node:
                    yield return new(key, node.ToJsonString());
                    break;
                default:
                    yield return new(key, JsonSerializer.Serialize(value));
                    break;
            }
        }
    }

    public void Dispose()
    {
        foreach (var limiter in _tiers.Values)
        {
            limiter.Dispose();
        }

        foreach (var pace in _channels.Values)
        {
            pace.Gate.Dispose();
        }
    }

    // Disposed with the client (Dispose above), which owns every pace it made.
#pragma warning disable CA1001
    private sealed class ChannelPace
#pragma warning restore CA1001
    {
        public readonly SemaphoreSlim Gate = new(1, 1);
        public DateTimeOffset Next;
    }
}
