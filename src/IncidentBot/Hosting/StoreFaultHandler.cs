using IncidentBot.Workflows.Incidents;
using Microsoft.AspNetCore.Diagnostics;

namespace IncidentBot.Hosting;

/// <summary>
/// A request that reached the store while it cannot write (a full disk, a lock held elsewhere) gets
/// 503 with the one sentence that says what failed and what to do, never an error page. Commands
/// are answered by the dispatcher itself; this covers the other endpoints (alerts, the API).
/// </summary>
internal sealed class StoreFaultHandler(ILogger<StoreFaultHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not StoreUnavailableException fault)
        {
            return false;
        }

        logger.LogError("{Path} was refused, nothing recorded: {Problem}", httpContext.Request.Path, fault.Message);
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = "30";
        await httpContext.Response.WriteAsJsonAsync(new { ok = false, text = StoreFaultText.Sentence(fault), fault = fault.Fault.ToString() }, cancellationToken);
        return true;
    }
}
