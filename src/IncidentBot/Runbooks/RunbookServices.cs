using IncidentBot.Workflows.Runbooks;

namespace IncidentBot.Runbooks;

public static class RunbookServices
{
    /// <summary>
    /// Loads the runbook library from <c>Runbooks:Path</c> at start-up. A malformed runbook never stops
    /// the bot: it is skipped, and its file and line are logged and shown in <c>/readyz</c>.
    /// </summary>
    public static async Task<WebApplicationBuilder> AddRunbooksAsync(this WebApplicationBuilder builder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var folder = builder.Configuration["Runbooks:Path"] ?? RunbookFiles.DefaultPath;
        var library = await RunbookFiles.LoadAsync(folder, cancellationToken);
        builder.Services.AddSingleton(library);
        return builder;
    }

    public static WebApplication ReportRunbookProblems(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var library = app.Services.GetRequiredService<RunbookLibrary>();
        app.Logger.LogInformation("Runbooks: {Count} loaded", library.Runbooks.Count);
        foreach (var problem in library.Problems)
        {
            app.Logger.LogWarning("Runbook skipped: {Problem}", problem.ToString());
        }

        return app;
    }
}
