using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Runbooks;

namespace IncidentBot.Api;

public static class HealthApi
{
    /// <summary><c>/healthz</c>: the process answers. <c>/readyz</c>: the store answers too.</summary>
    public static WebApplication MapHealth(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet("/healthz", () => Results.Ok(new { status = "ok" }));
        app.MapGet("/readyz", async (IIncidentStore store, Workflows.Outbox.IOutboxStore outbox, RunbookLibrary runbooks, CancellationToken cancellationToken) =>
        {
            // Skipped runbooks do not make the bot unready; they are listed so someone fixes them.
            // Nor does a chat platform that is down: its messages wait in the outbox, counted here.
            var details = new { loaded = runbooks.Runbooks.Count, problems = runbooks.Problems.Select(p => p.ToString()) };
            if (!await store.IsReadyAsync(cancellationToken))
            {
                return Results.Json(new { status = "not ready", store = "unreachable", runbooks = details }, statusCode: StatusCodes.Status503ServiceUnavailable);
            }

            var (depth, oldest) = await outbox.DepthAsync(cancellationToken);
            return Results.Ok(new { status = "ready", store = "ok", runbooks = details, outbox = new { waiting = depth, oldest } });
        });
        return app;
    }
}
