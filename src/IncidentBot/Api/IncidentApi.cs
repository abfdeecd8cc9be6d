using System.Globalization;
using IncidentBot.Hosting;
using IncidentBot.Workflows.Commands;
using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Postmortems;
using IncidentBot.Workflows.Timeline;

namespace IncidentBot.Api;

public static class IncidentApi
{
    /// <summary>The read API: lists, one incident, its timeline. Everything is folded from committed events.</summary>
    public static WebApplication MapIncidentApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var api = app.MapGroup("/api/incidents");
        // A page at a time: the newest first, at most `limit` (100 unless asked, 500 at most); the total is
        // in X-Total-Count and the next page in Link (rel="next"), so the body stays the list it always was.
        // With stats=true each item also carries its services and how long it took to acknowledge and
        // resolve (the page's list filters by service); without, the list stays as cheap as it was.
        api.MapGet("/", async (HttpResponse response, IIncidentStore store, bool? open, bool? stats, string? limit, string? cursor, CancellationToken cancellationToken) =>
        {
            if (!PageSize(limit, out var size) || !Cursor(cursor, out var before))
            {
                return Results.Problem(title: "Bad page", detail: "limit is a number from 1 to 500 (100 by default); cursor is the value a previous page gave in its Link header.", statusCode: StatusCodes.Status400BadRequest);
            }

            var page = await store.PageAsync(includeFinished: open != true, size, before, cancellationToken);
            response.Headers["X-Total-Count"] = page.Total.ToString(CultureInfo.InvariantCulture);
            if (page.NextBefore is { } next)
            {
                var query = $"limit={size}&cursor={next}" + (open == true ? "&open=true" : "");
                response.Headers.Link = $"</api/incidents?{query}>; rel=\"next\"";
            }

            var facts = stats == true ? (await store.StatsAsync(cancellationToken)).ToDictionary(s => s.Number) : null;
            return Results.Json(page.Items.Select(s => new
            {
                id = s.Id.ToString(),
                number = s.Id.Number,
                title = s.Title,
                severity = s.Severity?.Label(),
                phase = s.Phase.Name(),
                commander = s.Commander,
                channel = s.Room?.Key,
                openedAt = s.OpenedAt,
                updatedAt = s.UpdatedAt,
                services = facts?.GetValueOrDefault(s.Id.Number)?.Services,
                acknowledgedAt = facts?.GetValueOrDefault(s.Id.Number)?.AcknowledgedAt,
                resolvedAt = facts?.GetValueOrDefault(s.Id.Number)?.ResolvedAt,
            }));
        });
        api.MapGet("/{id}", async (string id, IIncidentStore store, CancellationToken cancellationToken) =>
        {
            var (events, problem) = await ReadAsync(id, store, cancellationToken);
            return problem ?? Results.Json(IncidentJson.From(Incident.Replay(events![0].Incident, events)));
        });
        api.MapGet("/{id}/timeline", async (string id, IIncidentStore store, CancellationToken cancellationToken) =>
        {
            var (events, problem) = await ReadAsync(id, store, cancellationToken);
            return problem ?? Results.Json(Timeline(events!));
        });
        // The war room page's one read: the incident and its timeline from one pass over the events.
        api.MapGet("/{id}/view", async (string id, IIncidentStore store, CancellationToken cancellationToken) =>
        {
            var (events, problem) = await ReadAsync(id, store, cancellationToken);
            return problem ?? Results.Json(new { incident = IncidentJson.From(Incident.Replay(events![0].Incident, events)), timeline = Timeline(events) }, Compact);
        });
        api.MapGet("/{id}/postmortem", async (string id, string? format, HttpResponse response, IIncidentStore store, PostmortemOptions options, TimeProvider clock, CancellationToken cancellationToken) =>
        {
            // People's words, served from the bot's own address: never allowed to run anything.
            response.Headers.ContentSecurityPolicy = NothingRuns;
            var (events, problem) = await ReadAsync(id, store, cancellationToken);
            if (problem is not null)
            {
                return problem;
            }

            var draft = PostmortemBuilder.Build(Incident.Replay(events![0].Incident, events), events, clock.GetUtcNow(), options);
            return (format ?? "md").ToLowerInvariant() switch
            {
                "md" or "markdown" => Results.Text(PostmortemMarkdown.Render(draft), "text/markdown; charset=utf-8"),
                "html" => Results.Text(PostmortemMarkdown.RenderHtml(draft), "text/html; charset=utf-8"),
                "json" => Results.Json(draft),
                _ => Results.Problem(title: "Unknown format", detail: $"format is md, html or json, not '{format}'.", statusCode: StatusCodes.Status400BadRequest),
            };
        });
        api.MapPut("/{id}/postmortem/sections/{section}", WriteSectionAsync).RequireWriter();
        app.MapPost("/api/postmortem/preview", async (HttpRequest request, CancellationToken cancellationToken) =>
        {
            request.HttpContext.Response.Headers.ContentSecurityPolicy = NothingRuns;
            return await RequestBody.ReadAsync(request, PostmortemWriting.MaxText * 4, cancellationToken) is { } bytes
                ? Results.Text(PostmortemMarkdown.Preview(System.Text.Encoding.UTF8.GetString(bytes)), "text/html; charset=utf-8")
                : Results.Problem(title: "Too long", detail: $"A section holds up to {PostmortemWriting.MaxText:N0} characters.", statusCode: StatusCodes.Status413PayloadTooLarge);
        });
        return app;
    }

    /// <summary>The page's read leaves out what is null (most of a timeline row): a busy incident's is a third smaller.</summary>
    private static readonly System.Text.Json.JsonSerializerOptions Compact = new(System.Text.Json.JsonSerializerOptions.Web) { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    private static IEnumerable<object> Timeline(IReadOnlyList<RecordedEvent> events) => TimelineBuilder.Build(events).Select(e => new
    {
        sequence = e.Sequence,
        occurredAt = e.OccurredAt,
        recordedAt = e.RecordedAt,
        actor = e.Actor,
        kind = e.Kind,
        text = e.Text,
        backdated = e.Backdated,
        supersededBy = e.SupersededBy,
        correctedText = e.CorrectedText,
        deleted = e.Deleted,
        key = e.Key,
        link = e.Link,
    });

    /// <summary>A page that shows what people wrote runs no script, in a sandbox, whatever its links say.</summary>
    private const string NothingRuns = "default-src 'none'; style-src 'unsafe-inline'; img-src https: data:; sandbox allow-popups allow-popups-to-escape-sandbox";

    /// <summary>
    /// <c>PUT /api/incidents/{id}/postmortem/sections/{section}?user=alice</c> with the section's Markdown as
    /// the body (<c>text/markdown</c>): the same as <c>/incident postmortem write</c>, by the signed-in person when
    /// there is one (then <c>user</c> is ignored). 200 with the reply
    /// when written, 409 with the reason when refused (unknown section, published, empty).
    /// </summary>
    private static async Task<IResult> WriteSectionAsync(string id, string section, string? user, HttpRequest request, CommandDispatcher dispatcher, IIncidentStore store, CancellationToken cancellationToken)
    {
        if (ParseId(id) is not { } incident)
        {
            return Results.Problem(title: "Not an incident id", detail: $"'{id}' is not an incident id like INC-0042.", statusCode: StatusCodes.Status400BadRequest);
        }

        if ((PageAccess.SignedInName(request.HttpContext) ?? Mention.Resolve(user ?? "", "")) is not { Length: > 0 } writer || writer.Equals("incidentbot", StringComparison.OrdinalIgnoreCase))
        {
            return Results.Problem(title: "Who wrote it?", detail: "Name the person writing it: ?user=alice.", statusCode: StatusCodes.Status400BadRequest);
        }

        var bytes = await RequestBody.ReadAsync(request, PostmortemWriting.MaxText * 4, cancellationToken);
        var text = bytes is null ? null : System.Text.Encoding.UTF8.GetString(bytes);
        if (text is null || text.Length > PostmortemWriting.MaxText)
        {
            return Results.Problem(title: "Too long", detail: $"A section holds up to {PostmortemWriting.MaxText:N0} characters; link long logs instead.", statusCode: StatusCodes.Status413PayloadTooLarge);
        }

        if ((await store.ReadAsync(incident, 0, cancellationToken)).Count == 0)
        {
            return Results.Problem(title: "No such incident", detail: $"There is no incident {incident}.", statusCode: StatusCodes.Status404NotFound);
        }

        var reply = await dispatcher.WritePostmortemAsync(incident, section, text, writer, cancellationToken);
        return Results.Json(MessageJson.From(reply), statusCode: reply.Ok ? StatusCodes.Status200OK : StatusCodes.Status409Conflict);
    }

    private static async Task<(IReadOnlyList<RecordedEvent>? Events, IResult? Problem)> ReadAsync(string text, IIncidentStore store, CancellationToken cancellationToken)
    {
        if (ParseId(text) is not { } id)
        {
            return (null, Results.Problem(title: "Not an incident id", detail: $"'{text}' is not an incident id like INC-0042.", statusCode: StatusCodes.Status400BadRequest));
        }

        var events = await store.ReadAsync(id, 0, cancellationToken);
        return events.Count == 0
            ? (null, Results.Problem(title: "No such incident", detail: $"There is no incident {id}.", statusCode: StatusCodes.Status404NotFound))
            : (events, null);
    }

    /// <summary>Reads <c>INC-0042</c>, or the bare number.</summary>
    private static IncidentId? ParseId(string text) =>
        IncidentId.TryParse(text, out var id) ? id
        : long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n > 0 ? new IncidentId(n)
        : null;

    private static bool PageSize(string? text, out int size)
    {
        size = 100;
        return text is null || int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out size) && size is >= 1 and <= 500;
    }

    private static bool Cursor(string? text, out long? before)
    {
        before = null;
        if (text is null)
        {
            return true;
        }

        var ok = long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0;
        before = ok ? number : null;
        return ok;
    }
}
