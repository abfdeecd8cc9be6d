using IncidentBot.Workflows.Runbooks;

namespace IncidentBot.Runbooks;

public static class RunbookServices
{
    /// <summary>
    /// Loads the runbook library from <c>Runbooks:Path</c> at start-up, linked under <c>Runbooks:SourceUrl</c>
    /// when set. A malformed runbook never stops the bot: it is skipped, and its file and
    /// line are logged and shown in <c>/readyz</c>; a link setting that is not an address is logged and left out.
    /// </summary>
    public static async Task<WebApplicationBuilder> AddRunbooksAsync(this WebApplicationBuilder builder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var folder = builder.Configuration["Runbooks:Path"] ?? RunbookFiles.DefaultPath;
        var (folderUrl, _) = RunbookSources.ReadFolderUrl(builder.Configuration["Runbooks:SourceUrl"]);
        var library = await RunbookFiles.LoadAsync(folder, folderUrl, cancellationToken);
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

        if (RunbookSources.ReadFolderUrl(app.Configuration["Runbooks:SourceUrl"]).Problem is { } link)
        {
            app.Logger.LogWarning("Runbooks__SourceUrl ignored: {Problem}", link);
        }

        return app;
    }
}
