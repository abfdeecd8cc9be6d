using IncidentBot.Chat;
using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Runbooks;
using Microsoft.Extensions.Options;

namespace IncidentBot.Api;

public static class HealthApi
{
    /// <summary>
    /// <c>/healthz</c>: the process answers. <c>/readyz</c>: the store answers, and the outbox is moving:
    /// a message undelivered for longer than <c>Chat__OutboxMaxAgeMinutes</c> makes the bot degraded,
    /// with why (and not ready, 503, with <c>Chat__UnreadyWhenDegraded</c>).
    /// </summary>
    public static WebApplication MapHealth(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet("/healthz", () => Results.Ok(new { status = "ok" }));
        app.MapGet("/readyz", async (IIncidentStore store, Workflows.Outbox.IOutboxStore outbox, RunbookLibrary runbooks, IOptions<ChatOptions> chat, TimeProvider clock, CancellationToken cancellationToken) =>
        {
            // Skipped runbooks do not make the bot unready; they are listed so someone fixes them.
            var details = new { loaded = runbooks.Runbooks.Count, problems = runbooks.Problems.Select(p => p.ToString()) };
            if (!await store.IsReadyAsync(cancellationToken))
            {
                return Results.Json(new { status = "not ready", store = "unreachable", runbooks = details }, statusCode: StatusCodes.Status503ServiceUnavailable);
            }

            // Reads may still work on a full disk; what matters is whether a command can be recorded.
            if (await store.WriteProblemAsync(cancellationToken) is { } fault)
            {
                return Results.Json(new { status = "not ready", store = fault.Fault.ToString(), reason = StoreFaultText.Sentence(fault), detail = fault.Detail, runbooks = details },
                    statusCode: StatusCodes.Status503ServiceUnavailable);
            }

            // A chat platform that is down for a moment only delays messages; one that stays down (or a queue
            // that no longer moves) means war rooms are not being told, and whoever runs the bot should know.
            var outboxDepth = await outbox.DepthAsync(cancellationToken);
            var age = outboxDepth.Oldest is { } since ? Math.Max(0, (clock.GetUtcNow() - since).TotalSeconds) : 0;
            var queue = new { waiting = outboxDepth.Depth, oldest = outboxDepth.Oldest, oldestSeconds = Math.Round(age, 1), oldestKind = outboxDepth.OldestKind, oldestQueue = outboxDepth.OldestQueue, lastError = outboxDepth.OldestError };
            var limit = chat.Value.OutboxMaxAgeMinutes;
            if (limit > 0 && age > limit * 60)
            {
                var reason = $"The oldest undelivered chat message ({outboxDepth.OldestKind} in queue {outboxDepth.OldestQueue}) has waited {Waited(age)}, longer than Chat__OutboxMaxAgeMinutes ({limit:0.##}). "
                    + (outboxDepth.OldestError is { } error ? $"Its last attempt: {error}." : "It has not been tried yet.") + " The log has the details.";
                return Results.Json(new { status = "degraded", reason, store = "ok", runbooks = details, outbox = queue },
                    statusCode: chat.Value.UnreadyWhenDegraded ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK);
            }

            return Results.Ok(new { status = "ready", store = "ok", runbooks = details, outbox = queue });
        });
        return app;
    }

    private static string Waited(double seconds) =>
        seconds >= 120 ? $"{seconds / 60:0} min" : $"{seconds:0} s";
}
