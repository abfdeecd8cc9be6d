using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using IncidentBot.Hosting;
using IncidentBot.Workflows.Language;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace IncidentBot.Chat.Slack;

/// <summary>
/// Slack's HTTP mode: <c>POST /slack/commands</c>, <c>/slack/interactions</c> and <c>/slack/events</c>.
/// Every request is verified against the signing secret over its raw body before anything is parsed;
/// without a signing secret every request is refused.
/// </summary>
public static class SlackEndpoints
{
    /// <summary>Slack's payloads are a few kilobytes; a modal's state stays well under this.</summary>
    public const int MaxBodyBytes = 256 * 1024;

    public static WebApplication MapSlack(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapPost("/slack/commands", (HttpContext context, SlackCommands commands) => HandleAsync(context, (body, ct) =>
        {
            var form = QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body));
            return commands.CommandAsync(name => form.TryGetValue(name, out var value) ? value.ToString() : null, ct);
        }));
        app.MapPost("/slack/interactions", (HttpContext context, SlackInteractions interactions) => HandleAsync(context, (body, ct) =>
        {
            var form = QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body));
            return form.TryGetValue("payload", out var payload) && Object(payload.ToString()) is { } json
                ? interactions.InteractionAsync(json, ct)
                : Task.FromResult(SlackAnswer.BadRequest("An interaction is a form with a payload field holding a JSON object."));
        }));
        app.MapPost("/slack/events", (HttpContext context, SlackEvents events) => HandleAsync(context, (body, ct) =>
            Object(Encoding.UTF8.GetString(body)) is { } json
                ? events.EventAsync(json, ct)
                : Task.FromResult(SlackAnswer.BadRequest("An event is a JSON object."))));
        return app;
    }

    internal static JsonObject? Object(string text)
    {
        try
        {
            return JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static async Task HandleAsync(HttpContext context, Func<byte[], CancellationToken, Task<SlackAnswer>> handle)
    {
        var request = context.Request;
        var services = context.RequestServices;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("IncidentBot.Chat.Slack");
        var body = await RequestBody.ReadAsync(request, MaxBodyBytes, context.RequestAborted);
        if (body is null)
        {
            await WriteAsync(context, SlackAnswer.BadRequest($"The body is over the limit of {MaxBodyBytes:N0} bytes."));
            return;
        }

        var secret = services.GetRequiredService<IOptions<SlackOptions>>().Value.SigningSecret;
        if (string.IsNullOrEmpty(secret))
        {
            logger.LogWarning("Refused a request to {Path}: Slack__SigningSecret is not set, so no Slack request can be verified", request.Path);
            await WriteAsync(context, new SlackAnswer(401, new JsonObject { ["error"] = "Slack requests are not accepted: the signing secret is not configured." }));
            return;
        }

        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        if (SlackSignature.Check(secret, request.Headers["X-Slack-Request-Timestamp"], request.Headers["X-Slack-Signature"], body, now) is { } problem)
        {
            logger.LogWarning("Refused a request to {Path}: {Problem}", request.Path, problem);
            await WriteAsync(context, new SlackAnswer(401, new JsonObject { ["error"] = "invalid signature" }));
            return;
        }

        var answer = await handle(body, context.RequestAborted);
        if (answer.After is { } after)
        {
            // Runs once the response is sent, outside the request's async flow: it takes the request's language along.
            var locale = Say.Locale;
            context.Response.OnCompleted(async () =>
            {
                using var language = Say.Use(locale);
                await after();
            });
        }

        await WriteAsync(context, answer);
    }

    private static Task WriteAsync(HttpContext context, SlackAnswer answer)
    {
        context.Response.StatusCode = answer.Status;
        if (answer.Status != 200)
        {
            // An answer Slack will not like anyway: do not have it retry the same delivery.
            context.Response.Headers["X-Slack-No-Retry"] = "1";
        }

        if (answer.Body is null)
        {
            return Task.CompletedTask;
        }

        context.Response.ContentType = "application/json; charset=utf-8";
        return context.Response.WriteAsync(answer.Body.ToJsonString(), context.RequestAborted);
    }
}
