namespace IncidentBot.Hosting;

/// <summary>
/// When <c>Api:Token</c> is set, every <c>/api/...</c> request must carry it, as
/// <c>Authorization: Bearer &lt;token&gt;</c> or (for the page's event stream, which cannot set
/// headers) <c>?access_token=&lt;token&gt;</c>. Compared in constant time. Health probes stay open.
/// </summary>
public static class ApiTokenGate
{
    public static WebApplication UseApiToken(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var token = app.Configuration["Api:Token"];
        if (string.IsNullOrEmpty(token))
        {
            app.Logger.LogWarning("Api:Token is not set: anyone who can reach this port can run incident commands. Set Api__Token before exposing it beyond localhost.");
            return app;
        }

        app.Use(async (context, next) =>
        {
            if (!context.Request.Path.StartsWithSegments("/api") || RequestBody.SameSecret(Presented(context.Request), token))
            {
                await next(context);
                return;
            }

            await Results.Problem(
                title: "Not authenticated",
                detail: "This bot requires its API token: send 'Authorization: Bearer <Api__Token>' (the war room page: open /?token=<Api__Token>).",
                statusCode: StatusCodes.Status401Unauthorized).ExecuteAsync(context);
        });
        return app;
    }

    private static string? Presented(HttpRequest request) => RequestBody.BearerToken(request) ?? request.Query["access_token"].FirstOrDefault();
}
