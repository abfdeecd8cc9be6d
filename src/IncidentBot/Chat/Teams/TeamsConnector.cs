using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.RateLimiting;
using IncidentBot.Workflows.Chat;
using Microsoft.Extensions.Options;

namespace IncidentBot.Chat.Teams;

/// <summary>
/// The Bot Connector's REST API (protocols §B3), within Teams' limits (§B5): per conversation at most
/// 4 at once and one every 700 ms after that, 1,800 an hour (inside 7 a second, 8 in two, 60 in thirty and 1,800 an hour), per tenant
/// 40 a second (inside 50). A call that would break a limit is not made: it fails at once as
/// <see cref="TeamsApiException.Paced"/> with when to come back, so the outbox moves on to other work.
/// 429 waits as long as Teams says; 412 and 5xx are retried with backoff; 403 and 404 (the bot is not
/// in the conversation, or it is gone) cannot be delivered.
/// </summary>
public sealed class TeamsConnector(HttpClient http, TeamsTokens tokens, IOptions<TeamsOptions> options, ILogger<TeamsConnector> logger) : IDisposable
{
    // One limiter per conversation and per tenant, made when first needed and dropped once idle, all
    // replenished by one timer. Per conversation: a burst of 4, then one every 700 ms (at most 7 in any
    // two seconds, 46 in thirty), and at most 1,800 an hour (Teams' hourly limit per thread).
    private readonly PartitionedRateLimiter<string> _conversations = PartitionedRateLimiter.CreateChained(
        PartitionedRateLimiter.Create<string, string>(c => RateLimitPartition.GetTokenBucketLimiter(c, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = 4,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = TimeSpan.FromMilliseconds(700),
            QueueLimit = 0,
        }), StringComparer.Ordinal),
        PartitionedRateLimiter.Create<string, string>(c => RateLimitPartition.GetSlidingWindowLimiter(c, _ => new SlidingWindowRateLimiterOptions
        {
            PermitLimit = 1800,
            Window = TimeSpan.FromHours(1),
            SegmentsPerWindow = 60,
            QueueLimit = 0,
        }), StringComparer.Ordinal));

    private readonly PartitionedRateLimiter<string> _tenants = PartitionedRateLimiter.Create<string, string>(t => RateLimitPartition.GetTokenBucketLimiter(t, _ => new TokenBucketRateLimiterOptions
    {
        TokenLimit = 40,
        TokensPerPeriod = 40,
        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        QueueLimit = 0,
    }), StringComparer.Ordinal);

    /// <summary>Starts a conversation (a new thread in a channel, or a 1:1 chat); returns the connector's answer: <c>id</c>, <c>activityId</c>.</summary>
    public Task<JsonObject> CreateConversationAsync(string serviceUrl, string? tenant, JsonObject parameters, CancellationToken cancellationToken) =>
        CallAsync(HttpMethod.Post, serviceUrl, tenant, "v3/conversations", parameters, pace: null, cancellationToken);

    /// <summary>Posts <paramref name="activity"/> in the room (in a thread, a reply to it); the new activity's id.</summary>
    public async Task<string> SendAsync(RoomAddress room, JsonObject activity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(room);
        var answer = await CallAsync(HttpMethod.Post, ServiceUrl(room), room.Tenant, $"v3/conversations/{Uri.EscapeDataString(room.Conversation)}/activities", activity, room.Conversation, cancellationToken);
        return answer["id"]?.GetValue<string>() ?? throw new TeamsApiException("send", "no_id", "The Bot Connector answered without the message's id.", null, transient: true);
    }

    /// <summary>Replaces what activity <paramref name="activityId"/> shows.</summary>
    public Task UpdateAsync(RoomAddress room, string activityId, JsonObject activity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(room);
        ArgumentNullException.ThrowIfNull(activity);
        activity["id"] = activityId;
        return CallAsync(HttpMethod.Put, ServiceUrl(room), room.Tenant, $"v3/conversations/{Uri.EscapeDataString(room.Conversation)}/activities/{Uri.EscapeDataString(activityId)}", activity, room.Conversation, cancellationToken);
    }

    public string ServiceUrl(RoomAddress room)
    {
        ArgumentNullException.ThrowIfNull(room);
        return room.ServiceUrl ?? options.Value.ServiceUrl.ToString();
    }

    private async Task<JsonObject> CallAsync(HttpMethod method, string serviceUrl, string? tenant, string path, JsonObject body, string? pace, CancellationToken cancellationToken)
    {
        var operation = method == HttpMethod.Put ? "update" : path.EndsWith("/activities", StringComparison.Ordinal) ? "send" : "create conversation";
        using var conversationLease = pace is null ? null : Acquire(_conversations, pace, operation);
        using var tenantLease = Acquire(_tenants, tenant ?? "", operation);

        var baseUrl = serviceUrl.EndsWith('/') ? serviceUrl : serviceUrl + "/";
        using var request = new HttpRequestMessage(method, new Uri(new Uri(baseUrl), path))
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        if (!IsLocal(baseUrl))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await tokens.TokenAsync(TeamsTokens.ConnectorScope, cancellationToken));
        }

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new TeamsApiException(operation, "network", "The Bot Connector did not answer; the bot retries.", null, transient: true, ex);
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return text.Length == 0 ? [] : JsonNode.Parse(text) as JsonObject ?? [];
            }

            var status = (int)response.StatusCode;
            var wait = response.Headers.RetryAfter?.Delta ?? (response.Headers.RetryAfter?.Date is { } date ? date - DateTimeOffset.UtcNow : null);
            var error = $"http_{status}";
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                logger.LogWarning("Teams rate-limited a {Operation}; waiting {Seconds:0.#} s", operation, (wait ?? TimeSpan.FromSeconds(5)).TotalSeconds);
                throw new TeamsApiException(operation, error, "Teams asked the bot to slow down; it waits as told.", wait ?? TimeSpan.FromSeconds(5), transient: true);
            }

            throw new TeamsApiException(operation, error, Advice(status, Detail(text)), wait, transient: status is 412 or >= 500);
        }
    }

    /// <summary>A place in the limit, or an immediate "come back later" that costs nothing.</summary>
    private static RateLimitLease Acquire(PartitionedRateLimiter<string> limiter, string key, string operation)
    {
        var lease = limiter.AttemptAcquire(key);
        if (lease.IsAcquired)
        {
            return lease;
        }

        var wait = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromMilliseconds(500);
        lease.Dispose();
        throw new TeamsApiException(operation, TeamsApiException.Paced, "The bot keeps to Teams' limits; it sends this a moment later.", wait, transient: true);
    }

    /// <summary>A connector on this machine (Microsoft 365 Agents Playground) with local mode on: it takes no token.</summary>
    private bool IsLocal(string baseUrl) =>
        options.Value.AllowLocalUnauthenticated && Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri) && uri.IsLoopback;

    private static string Detail(string body)
    {
        try
        {
            return JsonNode.Parse(body)?["error"]?["message"]?.GetValue<string>() ?? "";
        }
        catch (JsonException)
        {
            return "";
        }
    }

    private static string Advice(int status, string detail) => (status switch
    {
        401 => "Teams refused the bot's token: check Teams__AppId and Teams__AppPassword.",
        403 => "The bot is not a member of that conversation (or was removed): add the app to the team or chat again.",
        404 => "The conversation is gone (a deleted channel or thread); the message cannot be delivered there.",
        412 => "Teams asked to try again later.",
        413 => "The message is too large for Teams.",
        400 => "Teams refused the message as malformed.",
        _ when status >= 500 => "Teams had a problem; the bot retries.",
        _ => "See the Bot Connector API reference.",
    }) + (detail.Length == 0 ? "" : $" Teams said: {TextCut.Cut(detail, 200)}");

    public void Dispose()
    {
        _conversations.Dispose();
        _tenants.Dispose();
    }
}
