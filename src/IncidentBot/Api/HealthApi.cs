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
        app.MapGet("/readyz", async (IIncidentStore store, RunbookLibrary runbooks, CancellationToken cancellationToken) =>
        {
            // Skipped runbooks do not make the bot unready; they are listed so someone fixes them.
            var details = new { loaded = runbooks.Runbooks.Count, problems = runbooks.Problems.Select(p => p.ToString()) };
            return await store.IsReadyAsync(cancellationToken)
                ? Results.Ok(new { status = "ready", store = "ok", runbooks = details })
                : Results.Json(new { status = "not ready", store = "unreachable", runbooks = details }, statusCode: StatusCodes.Status503ServiceUnavailable);
        });
        return app;
    }
}
