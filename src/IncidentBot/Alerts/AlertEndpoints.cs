using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using IncidentBot.Hosting;
using IncidentBot.Workflows.Alerts;
using IncidentBot.Workflows.Chat;
using Microsoft.Extensions.Options;

namespace IncidentBot.Alerts;

/// <summary>
/// <c>POST /alerts/alertmanager</c>, <c>/alerts/grafana</c>, <c>/alerts/generic</c> (bearer
/// <c>Alerts__Token</c>; Grafana's HMAC too when a secret is set) and <c>/alerts/sns</c> (SNS's own
/// signature). Forged or unauthenticated → 401/403 and nothing recorded; malformed → 400.
/// </summary>
public static class AlertEndpoints
{
    /// <summary>A thousand alerts in one post is about half of this.</summary>
    public const int MaxBodyBytes = 4 * 1024 * 1024;

    public static WebApplication MapAlerts(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapPost("/alerts/alertmanager", (HttpContext context, AlertIntake intake) => TokenGuardedAsync(context, intake, "alertmanager", body => AlertPayloads.Alertmanager(body, "alertmanager")));
        app.MapPost("/alerts/grafana", (HttpContext context, AlertIntake intake) => TokenGuardedAsync(context, intake, "grafana", body => AlertPayloads.Alertmanager(body, "grafana")));
        app.MapPost("/alerts/generic", (HttpContext context, AlertIntake intake, TimeProvider clock) => TokenGuardedAsync(context, intake, "generic", body => new AlertBatch(AlertPayloads.Generic(body, clock.GetUtcNow()))));
        app.MapPost("/alerts/sns", SnsAsync);
        app.MapPost("/alerts/heartbeat/{name}", HeartbeatAsync);
        return app;
    }

    /// <summary><c>POST /alerts/heartbeat/{name}</c>: a cron job or another monitor says it is alive (with the alerts token).</summary>
    private static async Task<IResult> HeartbeatAsync(string name, HttpContext context, HeartbeatMonitor heartbeats)
    {
        if (Authenticate(context, "heartbeat") is { } refused)
        {
            return refused;
        }

        if (name.Length is 0 or > 100 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            return Refuse(context, "heartbeat", 400, "malformed", "Bad heartbeat name", "A heartbeat's name is 1 to 100 letters, digits, '-', '_' or '.', e.g. /alerts/heartbeat/nightly-backup.");
        }

        // A daily job says so (?every=25h): it is silent only when a whole period passes without it.
        TimeSpan? every = null;
        if (context.Request.Query["every"].ToString() is { Length: > 0 } text)
        {
            if (!TryPeriod(text, out var period) || period < TimeSpan.FromMinutes(1) || period > TimeSpan.FromDays(31))
            {
                return Refuse(context, "heartbeat", 400, "malformed", "Bad period", $"every={text} is not a period between 1m and 31d; write it like 90s, 15m, 25h or 8d.");
            }

            every = period;
        }

        var before = await heartbeats.BeatAsync(name, every, context.RequestAborted);
        return Results.Ok(new { heartbeat = name, previous = before?.LastSeen, wasSilent = before?.SilentSince is not null });
    }

    private static async Task<IResult> TokenGuardedAsync(HttpContext context, AlertIntake intake, string source, Func<JsonObject, AlertBatch> parse)
    {
        if (Authenticate(context, source) is { } refused)
        {
            return refused;
        }

        var body = await RequestBody.ReadAsync(context.Request, MaxBodyBytes, context.RequestAborted);
        if (body is null)
        {
            return Refuse(context, source, 400, "too_large", "Too large", $"The body is over {MaxBodyBytes:N0} bytes; send fewer alerts per post.");
        }

        var options = context.RequestServices.GetRequiredService<IOptions<AlertOptions>>().Value;
        if (source == "grafana" && options.Grafana.Secret is { Length: > 0 } secret && !GrafanaSignatureMatches(context.Request, body, secret, options.Grafana))
        {
            return Refuse(context, source, 401, "bad_signature", "Bad signature", $"The {options.Grafana.SignatureHeader} header does not match Alerts__Grafana__Secret.");
        }

        AlertBatch batch;
        try
        {
            batch = parse(JsonNode.Parse(body) as JsonObject ?? throw new FormatException("The body is not a JSON object."));
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException)
        {
            return Refuse(context, source, 400, "malformed", "Malformed alerts", ex is JsonException ? "The body is not valid JSON." : ex.Message);
        }

        var heartbeats = context.RequestServices.GetRequiredService<HeartbeatMonitor>();
        return Results.Json(await intake.IngestAsync(await heartbeats.SeparateAsync(batch, context.RequestAborted), context.RequestAborted));
    }

    /// <summary>A period written <c>90s</c>, <c>15m</c>, <c>25h</c> or <c>8d</c>.</summary>
    private static bool TryPeriod(string text, out TimeSpan period)
    {
        period = default;
        if (text.Length < 2 || !int.TryParse(text.AsSpan(0, text.Length - 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n))
        {
            return false;
        }

        period = text[^1] switch { 's' => TimeSpan.FromSeconds(n), 'm' => TimeSpan.FromMinutes(n), 'h' => TimeSpan.FromHours(n), 'd' => TimeSpan.FromDays(n), _ => TimeSpan.Zero };
        return period > TimeSpan.Zero;
    }

    /// <summary>The bearer <c>Alerts__Token</c>, compared in constant time; null when it matches, else the refusal.</summary>
    internal static IResult? Authenticate(HttpContext context, string endpoint)
    {
        var token = context.RequestServices.GetRequiredService<IOptions<AlertOptions>>().Value.Token;
        if (string.IsNullOrEmpty(token))
        {
            return Refuse(context, endpoint, 401, "no_token_configured", "Not authenticated", "Alerts are not accepted: Alerts__Token is not configured on the bot.");
        }

        return RequestBody.SameSecret(RequestBody.BearerToken(context.Request), token)
            ? null
            : Refuse(context, endpoint, 401, "bad_token", "Not authenticated", "Send 'Authorization: Bearer <Alerts__Token>'; the token sent is missing or not the bot's.");
    }

    /// <summary>A refused delivery: counted and logged (<see cref="AlertRefusals"/>), answered with what was wrong.</summary>
    internal static IResult Refuse(HttpContext context, string endpoint, int status, string reason, string title, string detail)
    {
        context.RequestServices.GetRequiredService<AlertRefusals>().Refused(endpoint, reason, detail, RefusalLog.SenderOf(context));
        return Problem(status, title, detail);
    }

    private static async Task<IResult> SnsAsync(HttpContext context, SnsVerifier verifier, AlertIntake intake, IHttpClientFactory http, SnsMessageLog seen)
    {
        var logger = Logger(context);
        var body = await RequestBody.ReadAsync(context.Request, MaxBodyBytes, context.RequestAborted);
        if (body is null)
        {
            return Refuse(context, "sns", 400, "too_large", "Too large", $"The body is over {MaxBodyBytes:N0} bytes.");
        }

        JsonObject message;
        try
        {
            // SNS sends text/plain; the body is JSON regardless.
            message = JsonNode.Parse(body) as JsonObject ?? throw new FormatException();
        }
        catch (Exception ex) when (ex is JsonException or FormatException)
        {
            return Refuse(context, "sns", 400, "malformed", "Malformed SNS message", "The body is not an SNS message (a JSON object).");
        }

        if (await verifier.CheckAsync(message, context.RequestAborted) is { } problem)
        {
            return Refuse(context, "sns", 403, "unverified", "Forbidden", "Not a verifiable SNS message for an allowed topic: " + problem + ".");
        }

        var id = message["MessageId"]?.ToString() ?? "";
        if (seen.Seen(id))
        {
            return Results.Ok(new { ignored = "a MessageId seen before" });
        }

        var result = await HandleSnsAsync(context, message, intake, http, logger, context.RequestAborted);
        if (result is IStatusCodeHttpResult { StatusCode: null or 200 })
        {
            seen.Remember(id);
        }

        return result;
    }

    private static async Task<IResult> HandleSnsAsync(HttpContext context, JsonObject message, AlertIntake intake, IHttpClientFactory http, ILogger logger, CancellationToken cancellationToken)
    {
        switch (message["Type"]!.ToString())
        {
            case "SubscriptionConfirmation":
                var subscribe = message["SubscribeURL"]?.ToString();
                if (!SnsVerifier.IsSnsUrl(subscribe, requirePem: false))
                {
                    return Problem(403, "Forbidden", "The SubscribeURL is not on an SNS host.");
                }

                try
                {
                    using var client = http.CreateClient("sns");
                    client.Timeout = TimeSpan.FromSeconds(10);
                    using var confirmed = await client.GetAsync(new Uri(subscribe!), cancellationToken);
                    if (!confirmed.IsSuccessStatusCode)
                    {
                        logger.LogWarning("Confirming the SNS subscription to {Topic} failed: HTTP {Status}", message["TopicArn"], (int)confirmed.StatusCode);
                        return Problem(502, "Confirmation failed", $"SNS answered {(int)confirmed.StatusCode} to the confirmation; it will send it again.");
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
                {
                    logger.LogWarning("Confirming the SNS subscription to {Topic} failed: {Reason}", message["TopicArn"], ex.Message);
                    return Problem(502, "Confirmation failed", "SNS could not be reached to confirm the subscription; it will send the confirmation again.");
                }

                logger.LogInformation("Confirmed the SNS subscription to {Topic}", message["TopicArn"]);
                return Results.Ok(new { confirmed = message["TopicArn"]?.ToString() });
            case "UnsubscribeConfirmation":
                logger.LogWarning("SNS unsubscribed the bot from {Topic}", message["TopicArn"]);
                return Results.Ok(new { unsubscribed = message["TopicArn"]?.ToString() });
        }

        Alert? alert;
        try
        {
            alert = AlertPayloads.CloudWatch(message["Message"]?.ToString() ?? "");
        }
        catch (FormatException ex)
        {
            return Refuse(context, "sns", 400, "not_an_alarm", "Not a CloudWatch alarm", ex.Message);
        }

        return alert is null
            ? Results.Ok(new { ignored = "INSUFFICIENT_DATA is not news" })
            : Results.Json(await intake.IngestAsync([alert], cancellationToken));
    }

    /// <summary>Grafana's HMAC: lowercase hex HMAC-SHA256 of [timestamp ":"] + the raw body (protocols §D2).</summary>
    public static bool GrafanaSignatureMatches(HttpRequest request, byte[] body, string secret, AlertOptions.GrafanaOptions options)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(options);
        var prefix = options.TimestampHeader is { Length: > 0 } header ? request.Headers[header].ToString() + ":" : "";
        var expected = Encoding.ASCII.GetBytes(Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), (byte[])[.. Encoding.UTF8.GetBytes(prefix), .. body])));
        var given = Encoding.ASCII.GetBytes(request.Headers[options.SignatureHeader].ToString().Trim().ToLowerInvariant());
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }

    private static ILogger Logger(HttpContext context) => context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("IncidentBot.Alerts");

    private static IResult Problem(int status, string title, string detail) => Results.Problem(title: title, detail: detail, statusCode: status);
}
