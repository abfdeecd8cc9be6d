namespace IncidentBot.Hosting;

/// <summary>
/// When <c>Api:Token</c> or sign-in (<c>Auth:Oidc</c>) is set, every <c>/api/...</c> request must carry
/// the token, as <c>Authorization: Bearer &lt;token&gt;</c> or (for the page's event stream, which cannot
/// set headers) <c>?access_token=&lt;token&gt;</c>, compared in constant time, or come from a signed-in
/// session; else 401 with problem JSON, never a redirect. Open: <c>/api/me</c> (it only says who the
/// caller is and what it may do) and Teams' <c>/api/messages</c>, which checks the Bot Framework's own token.
/// Who may write when neither is set is <see cref="PageAccess"/>'s to say.
/// </summary>
public static class ApiTokenGate
{
    public static WebApplication UseApiToken(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var access = app.Services.GetRequiredService<PageAccess>();
        if (!access.ApiClosed)
        {
            return app;
        }

        var detail = access.SignIn.Enabled
            ? "This bot requires sign-in: open the war room page (/) to sign in" + (access.ApiToken is null ? "." : ", or send 'Authorization: Bearer <Api__Token>'.")
            : "This bot requires its API token: send 'Authorization: Bearer <Api__Token>' (the war room page: open /?token=<Api__Token>).";
        app.Use(async (context, next) =>
        {
            var path = context.Request.Path;
            if (!path.StartsWithSegments("/api") || path.StartsWithSegments("/api/me") || PageAccess.IsMachinePath(path)
                || PageAccess.SignedInName(context) is not null || access.HasApiToken(context.Request))
            {
                await next(context);
                return;
            }

            await Results.Problem(title: "Not authenticated", detail: detail, statusCode: StatusCodes.Status401Unauthorized).ExecuteAsync(context);
        });
        return app;
    }
}
