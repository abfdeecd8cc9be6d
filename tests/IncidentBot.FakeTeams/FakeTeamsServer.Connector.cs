using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace IncidentBot.FakeTeams;

/// <summary>The Bot Connector's REST API, with Teams' limits (protocols §B3, §B5).</summary>
public sealed partial class FakeTeamsServer
{
    /// <summary>Teams refuses a message over about 28 KB.</summary>
    public const int MaxActivityBytes = 28 * 1024;

    private static readonly (int Count, TimeSpan Window)[] ConversationLimits = [(7, TimeSpan.FromSeconds(1)), (8, TimeSpan.FromSeconds(2)), (60, TimeSpan.FromSeconds(30))];

    private readonly ConcurrentDictionary<string, ConcurrentQueue<DateTimeOffset>> _sends = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<DateTimeOffset> _tenantCalls = new();
    private readonly ConcurrentQueue<(int Status, int? RetryAfter)> _failures = new();
    private readonly ConcurrentQueue<TeamsCall> _limited = new();

    /// <summary>Calls Teams answered 429 because the bot went over a limit (should stay empty: the bot paces itself).</summary>
    public IReadOnlyList<TeamsCall> Limited => [.. _limited];

    /// <summary>The next <paramref name="times"/> connector calls fail with <paramref name="status"/> (and Retry-After, for 429).</summary>
    public void FailNext(int status, int times = 1, int? retryAfterSeconds = null)
    {
        for (var i = 0; i < times; i++)
        {
            _failures.Enqueue((status, retryAfterSeconds));
        }
    }

    private void MapConnector(IEndpointRouteBuilder app)
    {
        app.MapPost("/teams/v3/conversations", (HttpContext c) => ConnectorAsync(c, null, null, Create));
        app.MapPost("/teams/v3/conversations/{id}/activities", (HttpContext c, string id) => ConnectorAsync(c, id, null, Send));
        app.MapPost("/teams/v3/conversations/{id}/activities/{activity}", (HttpContext c, string id, string activity) => ConnectorAsync(c, id, activity, Send));
        app.MapPut("/teams/v3/conversations/{id}/activities/{activity}", (HttpContext c, string id, string activity) => ConnectorAsync(c, id, activity, Update));
    }

    private async Task ConnectorAsync(HttpContext context, string? conversation, string? activityId, Func<string?, string?, JsonObject, (int Status, JsonObject Body)> handle)
    {
        var text = await new StreamReader(context.Request.Body).ReadToEndAsync();
        JsonObject? body = null;
        try
        {
            body = JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException)
        {
        }

        if (Latency > TimeSpan.Zero)
        {
            await Task.Delay(Latency);
        }

        var now = DateTimeOffset.UtcNow;
        var (status, answer, retryAfter) = Down ? (503, Error("ServiceUnavailable", "The service is unavailable."), (int?)null)
            : !Authorized(context, ConnectorScope) ? (401, Error("Unauthorized", "Authorization has been denied for this request."), null)
            : _failures.TryDequeue(out var failure) ? (failure.Status, Error(failure.Status == 429 ? "TooManyRequests" : "Failure", $"Injected {failure.Status}."), failure.RetryAfter)
            : body is null ? (400, Error("BadSyntax", "The request body is not JSON."), null)
            : text.Length > MaxActivityBytes ? (413, Error("MessageSizeTooBig", "Message size too big."), null)
            : OverLimit(conversation ?? ChannelOf(body), now) ? (429, Error("TooManyRequests", "Too many requests."), 1)
            : Handle(handle, conversation, activityId, body);
        var call = new TeamsCall(context.Request.Method, context.Request.Path, conversation, body, now, status);
        _calls.Enqueue(call);
        if (status == 429 && retryAfter == 1)
        {
            _limited.Enqueue(call);
        }

        context.Response.StatusCode = status;
        context.Response.Headers["X-Correlating-OperationId"] = Guid.NewGuid().ToString("N");
        if (retryAfter is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }

        await context.Response.WriteAsJsonAsync(answer);
    }

    private static (int, JsonObject, int?) Handle(Func<string?, string?, JsonObject, (int Status, JsonObject Body)> handle, string? conversation, string? activityId, JsonObject body)
    {
        var (status, answer) = handle(conversation, activityId, body);
        return (status, answer, null);
    }

    /// <summary>Teams' limits per conversation (7 in 1 s, 8 in 2 s, 60 in 30 s) and per tenant (50 a second).</summary>
    private bool OverLimit(string? conversation, DateTimeOffset now)
    {
        lock (_tenantCalls)
        {
            while (_tenantCalls.TryPeek(out var first) && now - first > TimeSpan.FromSeconds(1))
            {
                _tenantCalls.TryDequeue(out _);
            }

            if (_tenantCalls.Count >= 50)
            {
                return true;
            }

            var times = _sends.GetOrAdd(conversation ?? "", _ => new ConcurrentQueue<DateTimeOffset>());
            while (times.TryPeek(out var first) && now - first > TimeSpan.FromSeconds(30))
            {
                times.TryDequeue(out _);
            }

            if (ConversationLimits.Any(l => times.Count(t => now - t < l.Window) >= l.Count))
            {
                return true;
            }

            times.Enqueue(now);
            _tenantCalls.Enqueue(now);
            return false;
        }
    }

    private (int, JsonObject) Create(string? _, string? __, JsonObject body)
    {
        if (ChannelOf(body) is { } channelId)
        {
            if (Find(channelId) is not { Kind: "channel" } channel)
            {
                return (404, Error("ConversationNotFound", "Conversation not found."));
            }

            if (channel.Refuse is { } refused)
            {
                return (refused, Error("Forbidden", "The bot is not part of the conversation roster."));
            }

            if (body["activity"] is not JsonObject first || Invalid(first) is not null)
            {
                return (400, Error("BadArgument", "A new thread needs its first activity."));
            }

            var root = new FakeTeamsMessage(NextMessageId(), first);
            channel.Add(root);
            var thread = new FakeConversation($"{channel.Id};messageid={root.Id}", "thread", channel.Name);
            thread.Add(root);
            _conversations[thread.Id] = thread;
            return (201, new JsonObject { ["id"] = thread.Id, ["activityId"] = root.Id });
        }

        var member = body["members"]?.AsArray().FirstOrDefault()?["id"]?.GetValue<string>();
        if (member is null || body["channelData"]?["tenant"]?["id"]?.GetValue<string>() is not { Length: > 0 })
        {
            return (400, Error("BadArgument", "A 1:1 chat needs members[0].id and channelData.tenant.id."));
        }

        var chat = ChatWith(member) ?? new FakeConversation($"a:{Guid.NewGuid():N}", "personal") { Member = member };
        _conversations[chat.Id] = chat;
        return (201, new JsonObject { ["id"] = chat.Id });
    }

    private (int, JsonObject) Send(string? conversation, string? _, JsonObject activity)
    {
        if (Find(conversation!) is not { } target)
        {
            return (404, Error("ConversationNotFound", "Conversation not found."));
        }

        if ((target.Refuse ?? (target.Kind == "thread" ? Find(ChannelOfThread(target.Id))?.Refuse : null)) is { } refused)
        {
            return (refused, Error(refused == 403 ? "BotNotInConversationRoster" : "ConversationNotFound", "The bot cannot post there."));
        }

        if (Invalid(activity) is { } problem)
        {
            return (400, Error("BadArgument", problem));
        }

        var message = new FakeTeamsMessage(NextMessageId(), activity);
        target.Add(message);
        return (201, new JsonObject { ["id"] = message.Id });
    }

    private (int, JsonObject) Update(string? conversation, string? activityId, JsonObject activity)
    {
        if (Find(conversation!)?.Message(activityId!) is not { } message)
        {
            return (404, Error("NotFound", "The activity is not in the conversation."));
        }

        if (Invalid(activity) is { } problem)
        {
            return (400, Error("BadArgument", problem));
        }

        message.Update(activity);
        return (200, new JsonObject { ["id"] = message.Id });
    }

    /// <summary>What Teams would refuse in an activity the bot sends.</summary>
    private static string? Invalid(JsonObject activity) =>
        activity["type"]?.GetValue<string>() != "message" ? "An activity the bot sends is of type message."
        : activity["text"] is null && activity["attachments"] is not JsonArray { Count: > 0 } ? "A message needs text or an attachment."
        : activity["attachments"] is JsonArray attachments && attachments.Any(a => a?["contentType"] is null || a["content"] is null) ? "Every attachment needs contentType and content."
        : null;

    private static string? ChannelOf(JsonObject body) => body["channelData"]?["channel"]?["id"]?.GetValue<string>();

    private static string ChannelOfThread(string id) => id.Split(";messageid=")[0];

    private static JsonObject Error(string code, string message) => new() { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } };
}
