namespace IncidentBot.Hosting;

/// <summary>
/// Endpoints that change things (a command, a postmortem section) answer 403 with the reason when the
/// caller may not write (see <see cref="PageAccess"/>), before their body is read; nothing is changed.
/// </summary>
public static class WriteGate
{
    public static RouteHandlerBuilder RequireWriter(this RouteHandlerBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddEndpointFilter(async (context, next) =>
        {
            var (canWrite, why) = context.HttpContext.RequestServices.GetRequiredService<PageAccess>().Writer(context.HttpContext);
            return canWrite ? await next(context) : Results.Problem(title: "Write refused", detail: why, statusCode: StatusCodes.Status403Forbidden);
        });
    }
}
