using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using IncidentBot.Hosting;
using IncidentBot.Workflows.Alerts;
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
        app.MapPost("/alerts/generic", (HttpContext context, AlertIntake intake, TimeProvider clock) => TokenGuardedAsync(context, intake, "generic", body => AlertPayloads.Generic(body, clock.GetUtcNow())));
        app.MapPost("/alerts/sns", SnsAsync);
        return app;
    }

    private static async Task<IResult> TokenGuardedAsync(HttpContext context, AlertIntake intake, string source, Func<JsonObject, IReadOnlyList<Alert>> parse)
    {
        var options = context.RequestServices.GetRequiredService<IOptions<AlertOptions>>().Value;
        var logger = Logger(context);
        if (string.IsNullOrEmpty(options.Token))
        {
            logger.LogWarning("Refused alerts from {Source}: Alerts__Token is not set, so no sender can be authenticated", source);
            return Problem(401, "Not authenticated", "Alerts are not accepted: Alerts__Token is not configured on the bot.");
        }

        if (!RequestBody.SameSecret(RequestBody.BearerToken(context.Request), options.Token))
        {
            return Problem(401, "Not authenticated", "Send 'Authorization: Bearer <Alerts__Token>'.");
        }

        var body = await RequestBody.ReadAsync(context.Request, MaxBodyBytes, context.RequestAborted);
        if (body is null)
        {
            return Problem(400, "Too large", $"The body is over {MaxBodyBytes:N0} bytes; send fewer alerts per post.");
        }

        if (source == "grafana" && options.Grafana.Secret is { Length: > 0 } secret && !GrafanaSignatureMatches(context.Request, body, secret, options.Grafana))
        {
            logger.LogWarning("Refused a Grafana delivery: its {Header} does not match Alerts__Grafana__Secret", options.Grafana.SignatureHeader);
            return Problem(401, "Bad signature", $"The {options.Grafana.SignatureHeader} header does not match the configured secret.");
        }

        IReadOnlyList<Alert> alerts;
        try
        {
            alerts = parse(JsonNode.Parse(body) as JsonObject ?? throw new FormatException("The body is not a JSON object."));
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException)
        {
            return Problem(400, "Malformed alerts", ex is JsonException ? "The body is not valid JSON." : ex.Message);
        }

        return Results.Json(await intake.IngestAsync(alerts, context.RequestAborted));
    }

    private static async Task<IResult> SnsAsync(HttpContext context, SnsVerifier verifier, AlertIntake intake, IHttpClientFactory http, SnsMessageLog seen)
    {
        var logger = Logger(context);
        var body = await RequestBody.ReadAsync(context.Request, MaxBodyBytes, context.RequestAborted);
        if (body is null)
        {
            return Problem(400, "Too large", $"The body is over {MaxBodyBytes:N0} bytes.");
        }

        JsonObject message;
        try
        {
            // SNS sends text/plain; the body is JSON regardless.
            message = JsonNode.Parse(body) as JsonObject ?? throw new FormatException();
        }
        catch (Exception ex) when (ex is JsonException or FormatException)
        {
            return Problem(400, "Malformed SNS message", "The body is not an SNS message (a JSON object).");
        }

        if (await verifier.CheckAsync(message, context.RequestAborted) is { } problem)
        {
            logger.LogWarning("Refused an SNS message: {Problem}", problem);
            return Problem(403, "Forbidden", "Not a verifiable SNS message for an allowed topic: " + problem + ".");
        }

        var id = message["MessageId"]?.ToString() ?? "";
        if (seen.Seen(id))
        {
            return Results.Ok(new { ignored = "a MessageId seen before" });
        }

        var result = await HandleSnsAsync(message, intake, http, logger, context.RequestAborted);
        if (result is IStatusCodeHttpResult { StatusCode: null or 200 })
        {
            seen.Remember(id);
        }

        return result;
    }

    private static async Task<IResult> HandleSnsAsync(JsonObject message, AlertIntake intake, IHttpClientFactory http, ILogger logger, CancellationToken cancellationToken)
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
            return Problem(400, "Not a CloudWatch alarm", ex.Message);
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
