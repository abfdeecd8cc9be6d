using IncidentBot.Workflows.Runbooks;

namespace IncidentBot.Api;

public static class RunbookApi
{
    /// <summary>
    /// The runbook catalogue the bot loaded: <c>GET /api/runbooks</c> (every one, by id) and
    /// <c>GET /api/runbooks/{id}</c>. A runbook skipped for a problem is not here (<c>/readyz</c> says why).
    /// </summary>
    public static WebApplication MapRunbookApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var api = app.MapGroup("/api/runbooks");
        api.MapGet("/", (RunbookLibrary library) => Results.Json(library.Runbooks.Select(RunbookJson.From)));
        api.MapGet("/{id}", (string id, RunbookLibrary library) => library.Find(id) is { } runbook
            ? Results.Json(RunbookJson.From(runbook))
            : NotFound(id, library));
        return app;
    }

    private static IResult NotFound(string id, RunbookLibrary library)
    {
        var typed = id.Length > 60 ? id[..60] : id;
        var near = library.Near(typed);
        var detail = library.Runbooks.Count == 0 ? $"There is no runbook '{typed}', and the bot has no runbooks loaded."
            : near.Count > 0 ? $"There is no runbook '{typed}'. Did you mean: {string.Join(", ", near)}?"
            : $"There is no runbook '{typed}'. GET /api/runbooks lists them.";
        return Results.Problem(title: "No such runbook", detail: detail, statusCode: StatusCodes.Status404NotFound,
            extensions: new Dictionary<string, object?> { ["near"] = near });
    }
}
