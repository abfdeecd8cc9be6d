using System.Globalization;
using System.Text;
using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Metrics;
using IncidentBot.Workflows.Postmortems;

namespace IncidentBot.Metrics;

public static class MetricsEndpoints
{
    private static readonly double[] Buckets = [60, 300, 900, 1800, 3600, 7200, 14400, 43200, 86400];

    public static WebApplicationBuilder AddIncidentMetrics(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<RequestCounter>();
        return builder;
    }

    /// <summary>Counts every request by its route pattern (not its raw path, which would grow without bound) and status.</summary>
    public static WebApplication UseRequestCounting(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var counter = app.Services.GetRequiredService<RequestCounter>();
        app.Use(async (context, next) =>
        {
            await next(context);
            var endpoint = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "other";
            counter.Count(endpoint, context.Response.StatusCode);
        });
        return app;
    }

    /// <summary><c>GET /api/metrics/incidents?from=&amp;to=</c> (JSON, exact from events) and <c>GET /metrics</c> (Prometheus text).</summary>
    public static WebApplication MapIncidentMetrics(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet("/api/metrics/incidents", async (string? from, string? to, IIncidentStore store, TimeProvider clock, PostmortemOptions options, CancellationToken cancellationToken) =>
        {
            var now = clock.GetUtcNow();
            if (!TryTime(from, DateTimeOffset.UnixEpoch, out var start) || !TryTime(to, now.AddSeconds(1), out var end) || end <= start)
            {
                return Results.Problem(title: "Bad range", detail: "from and to are ISO 8601 times (2026-01-01 or 2026-01-01T00:00:00+09:00), from before to.", statusCode: StatusCodes.Status400BadRequest);
            }

            return Results.Json(IncidentMetrics.Compute(await store.StatsAsync(cancellationToken), start, end, now, options));
        });
        app.MapGet("/metrics", async (IIncidentStore store, Workflows.Outbox.IOutboxStore outbox, RequestCounter requests, IEnumerable<Hosting.RefusalLog> refusals, Storage.StoreHealth health, TimeProvider clock, CancellationToken cancellationToken) =>
        {
            var (depth, oldest) = await outbox.DepthAsync(cancellationToken);
            var age = oldest is { } first ? Math.Max(0, (clock.GetUtcNow() - first).TotalSeconds) : 0;
            var text = Prometheus(await store.StatsAsync(cancellationToken), requests, depth, age);
            var refused = new StringBuilder();
            foreach (var log in refusals)
            {
                refused.Append(CultureInfo.InvariantCulture, $"# HELP {log.Metric} {log.Help}\n# TYPE {log.Metric} counter\n");
                foreach (var (endpoint, reason, count) in log.Snapshot())
                {
                    refused.Append(CultureInfo.InvariantCulture, $"{log.Metric}{{endpoint=\"{endpoint}\",reason=\"{reason}\"}} {count}\n");
                }
            }

            refused.Append(CultureInfo.InvariantCulture, $"# HELP incidentbot_store_writable 1 while the store records writes, 0 after a write failed for a fault outside the bot (a full disk, a lock held elsewhere).\n# TYPE incidentbot_store_writable gauge\nincidentbot_store_writable {(health.Fault is null ? 1 : 0)}\n");
            refused.Append("# HELP incidentbot_store_write_failures_total Writes refused because of a fault outside the bot, by kind.\n# TYPE incidentbot_store_write_failures_total counter\n");
            foreach (var (fault, count) in health.Failures())
            {
                refused.Append(CultureInfo.InvariantCulture, $"incidentbot_store_write_failures_total{{fault=\"{fault}\"}} {count}\n");
            }

            // The runtime's own figures, so memory growth over weeks shows on the same dashboard.
            refused.Append(CultureInfo.InvariantCulture, $"# HELP dotnet_gc_heap_bytes Managed heap size after the last collection.\n# TYPE dotnet_gc_heap_bytes gauge\ndotnet_gc_heap_bytes {GC.GetGCMemoryInfo().HeapSizeBytes}\n");
            refused.Append("# HELP dotnet_gc_collections_total Garbage collections by generation.\n# TYPE dotnet_gc_collections_total counter\n");
            for (var generation = 0; generation <= 2; generation++)
            {
                refused.Append(CultureInfo.InvariantCulture, $"dotnet_gc_collections_total{{generation=\"{generation}\"}} {GC.CollectionCount(generation)}\n");
            }

            return Results.Text(text + refused, "text/plain; version=0.0.4; charset=utf-8");
        });
        return app;
    }

    private static bool TryTime(string? text, DateTimeOffset fallback, out DateTimeOffset time)
    {
        time = fallback;
        return text is null || DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out time);
    }

    private static string Prometheus(IReadOnlyList<IncidentStats> incidents, RequestCounter requests, long outboxDepth, double outboxAge)
    {
        var text = new StringBuilder();
        text.Append("# HELP incidentbot_incidents_open Open incidents by phase and severity.\n# TYPE incidentbot_incidents_open gauge\n");
        foreach (var group in incidents.Where(i => !i.Phase.IsFinished()).GroupBy(i => (Phase: i.Phase.Name(), Severity: i.Severity?.Label() ?? "unset")).OrderBy(g => g.Key))
        {
            text.Append(CultureInfo.InvariantCulture, $"incidentbot_incidents_open{{phase=\"{group.Key.Phase}\",severity=\"{group.Key.Severity}\"}} {group.Count()}\n");
        }

        text.Append("# HELP incidentbot_phase_duration_seconds Time from opening to acknowledge, mitigate, resolve and close.\n# TYPE incidentbot_phase_duration_seconds histogram\n");
        foreach (var (phase, milestone) in new (string, Func<IncidentStats, DateTimeOffset?>)[] { ("acknowledge", i => i.AcknowledgedAt), ("mitigate", i => i.MitigatedAt), ("resolve", i => i.ResolvedAt), ("close", i => i.ClosedAt) })
        {
            var seconds = incidents.Where(i => milestone(i) is not null).Select(i => (milestone(i)!.Value - i.OpenedAt).TotalSeconds).ToList();
            foreach (var bucket in Buckets)
            {
                text.Append(CultureInfo.InvariantCulture, $"incidentbot_phase_duration_seconds_bucket{{phase=\"{phase}\",le=\"{bucket}\"}} {seconds.Count(s => s <= bucket)}\n");
            }

            text.Append(CultureInfo.InvariantCulture, $"incidentbot_phase_duration_seconds_bucket{{phase=\"{phase}\",le=\"+Inf\"}} {seconds.Count}\n");
            text.Append(CultureInfo.InvariantCulture, $"incidentbot_phase_duration_seconds_sum{{phase=\"{phase}\"}} {seconds.Sum()}\n");
            text.Append(CultureInfo.InvariantCulture, $"incidentbot_phase_duration_seconds_count{{phase=\"{phase}\"}} {seconds.Count}\n");
        }

        text.Append("# HELP incidentbot_action_items_open Action items not yet done or cancelled.\n# TYPE incidentbot_action_items_open gauge\n");
        text.Append(CultureInfo.InvariantCulture, $"incidentbot_action_items_open {incidents.Sum(i => i.OpenActionItems)}\n");
        text.Append("# HELP incidentbot_outbox_depth Messages waiting to be delivered to chat platforms.\n# TYPE incidentbot_outbox_depth gauge\n");
        text.Append(CultureInfo.InvariantCulture, $"incidentbot_outbox_depth {outboxDepth}\n");
        text.Append("# HELP incidentbot_outbox_oldest_seconds Age of the oldest message waiting (0 when none): a chat platform that is down shows here.\n# TYPE incidentbot_outbox_oldest_seconds gauge\n");
        text.Append(CultureInfo.InvariantCulture, $"incidentbot_outbox_oldest_seconds {outboxAge:0.###}\n");
        text.Append("# HELP incidentbot_http_requests_total Inbound requests by endpoint and status.\n# TYPE incidentbot_http_requests_total counter\n");
        foreach (var (endpoint, status, count) in requests.Snapshot())
        {
            text.Append(CultureInfo.InvariantCulture, $"incidentbot_http_requests_total{{endpoint=\"{endpoint}\",status=\"{status}\"}} {count}\n");
        }

        return text.ToString();
    }
}
