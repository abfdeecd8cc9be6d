using IncidentBot.Workflows.Incidents;

namespace IncidentBot.Api;

public static class HealthApi
{
    /// <summary><c>/healthz</c>: the process answers. <c>/readyz</c>: the store answers too.</summary>
    public static WebApplication MapHealth(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet("/healthz", () => Results.Ok(new { status = "ok" }));
        app.MapGet("/readyz", async (IIncidentStore store, CancellationToken cancellationToken) =>
            await store.IsReadyAsync(cancellationToken)
                ? Results.Ok(new { status = "ready", store = "ok" })
                : Results.Json(new { status = "not ready", store = "unreachable" }, statusCode: StatusCodes.Status503ServiceUnavailable));
        return app;
    }
}
