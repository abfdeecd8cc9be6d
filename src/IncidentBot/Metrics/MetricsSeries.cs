using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Metrics;
using IncidentBot.Workflows.Postmortems;

namespace IncidentBot.Metrics;

/// <summary>
/// <c>GET /api/metrics/incidents/series?bucket=day|week|month&amp;count=N</c>: the same figures as
/// <c>/api/metrics/incidents</c>, one report per bucket (the newest ends now), so the metrics page
/// can chart MTTA, MTTR and phase durations over time. Buckets are UTC days, weeks from Monday, months.
/// </summary>
public static class MetricsSeries
{
    public static WebApplication MapMetricsSeries(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet("/api/metrics/incidents/series", async (string? bucket, int? count, IIncidentStore store, TimeProvider clock, PostmortemOptions options, CancellationToken cancellationToken) =>
        {
            var size = count ?? 12;
            if (bucket is not (null or "day" or "week" or "month") || size is < 1 or > 366)
            {
                return Results.Problem(title: "Bad series", detail: "bucket is day, week or month (week by default); count is 1 to 366 (12 by default).", statusCode: StatusCodes.Status400BadRequest);
            }

            var now = clock.GetUtcNow();
            var stats = await store.StatsAsync(cancellationToken);
            return Results.Json(Buckets(bucket ?? "week", size, now).Select(b => IncidentMetrics.Compute(stats, b.From, b.To, now, options)));
        });
        return app;
    }

    /// <summary>The last <paramref name="count"/> buckets, oldest first; the last one holds <paramref name="now"/>.</summary>
    public static IEnumerable<(DateTimeOffset From, DateTimeOffset To)> Buckets(string bucket, int count, DateTimeOffset now)
    {
        var today = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        var current = bucket switch
        {
            "day" => today,
            "month" => new DateTimeOffset(today.Year, today.Month, 1, 0, 0, 0, TimeSpan.Zero),
            _ => today.AddDays(-(((int)today.DayOfWeek + 6) % 7)),
        };
        DateTimeOffset Step(DateTimeOffset start, int n) => bucket switch
        {
            "day" => start.AddDays(n),
            "month" => start.AddMonths(n),
            _ => start.AddDays(7 * n),
        };

        for (var i = count - 1; i >= 0; i--)
        {
            var from = Step(current, -i);
            yield return (from, Step(from, 1));
        }
    }
}
