using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using System.Web;
using System.Xml.Linq;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IncidentBot.Tests.Aws;

/// <summary>
/// CloudWatch's Query API on loopback: checks each request's SigV4 signature with its own reading of
/// the signing rules (so the bot's requests would be accepted by AWS, headers as sent), answers
/// GetMetricData and DescribeAlarms with the documented XML in pages, and can throttle or deny.
/// </summary>
public sealed partial class FakeCloudWatch : IAsyncDisposable
{
    public const string AccessKey = "AKIDFAKECLOUDWATCH";
    public const string SecretKey = "fake/secret/for/loopback/tests/only";
    public const string Region = "us-east-1";
    private const string Xmlns = "http://monitoring.amazonaws.com/doc/2010-08-01/";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<IReadOnlyDictionary<string, string>> _calls = new();
    private int _throttle;

    static FakeCloudWatch()
    {
        // The bot finds credentials through the SDK's standard chain; the environment comes first.
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", AccessKey);
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", SecretKey);
    }

    private FakeCloudWatch(WebApplication app) => _app = app;

    public Uri ServiceUrl { get; private set; } = null!;

    /// <summary>The form of every call that passed the signature check, in order.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string>> Calls => [.. _calls];

    /// <summary>Signature problems seen (each answered 403 SignatureDoesNotMatch).</summary>
    public ConcurrentQueue<string> Rejected { get; } = new();

    /// <summary>The value of a metric (by name) at a time; null for no datapoint. Unknown metrics have none.</summary>
    public ConcurrentDictionary<string, Func<DateTimeOffset, double?>> Metrics { get; } = new(StringComparer.Ordinal);

    /// <summary>Alarms by name: state and reason.</summary>
    public ConcurrentDictionary<string, (string State, string Reason)> Alarms { get; } = new(StringComparer.Ordinal);

    /// <summary>Datapoints (or alarms) per page; more make a NextToken.</summary>
    public int PageSize { get; set; } = 100;

    /// <summary>When set, every call is refused with this error code (403).</summary>
    public string? Deny { get; set; }

    /// <summary>When set, GetMetricData answers exactly this body.</summary>
    public string? CannedMetricData { get; set; }

    /// <summary>The next <paramref name="calls"/> calls answer 400 Throttling.</summary>
    public void Throttle(int calls) => Interlocked.Exchange(ref _throttle, calls);

    public static async Task<FakeCloudWatch> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeCloudWatch(app);
        app.MapPost("/", fake.HandleAsync);
        await app.StartAsync();
        fake.ServiceUrl = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");
        return fake;
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        var body = buffer.ToArray();
        if (SignatureProblem(context.Request, body) is { } problem)
        {
            Rejected.Enqueue(problem);
            await ErrorAsync(context, 403, "SignatureDoesNotMatch", problem);
            return;
        }

        var query = HttpUtility.ParseQueryString(Encoding.UTF8.GetString(body));
        var form = query.AllKeys.Where(k => k is not null).ToDictionary(k => k!, k => query[k]!, StringComparer.Ordinal);
        _calls.Enqueue(form);
        if (form.GetValueOrDefault("Version") != "2010-08-01")
        {
            await ErrorAsync(context, 400, "InvalidParameterValue", "Version must be 2010-08-01");
        }
        else if (Deny is { } code)
        {
            await ErrorAsync(context, 403, code, "User: arn:aws:iam::123456789012:user/bot is not authorized to perform: cloudwatch:" + form.GetValueOrDefault("Action"));
        }
        else if (Interlocked.Decrement(ref _throttle) >= 0)
        {
            await ErrorAsync(context, 400, "Throttling", "Rate exceeded");
        }
        else if (form.GetValueOrDefault("Action") == "GetMetricData")
        {
            await WriteAsync(context, CannedMetricData ?? MetricData(form));
        }
        else if (form.GetValueOrDefault("Action") == "DescribeAlarms")
        {
            await WriteAsync(context, DescribeAlarms(form));
        }
        else
        {
            await ErrorAsync(context, 400, "InvalidAction", $"Could not find operation {form.GetValueOrDefault("Action")} for version 2010-08-01");
        }
    }

    private string MetricData(Dictionary<string, string> form)
    {
        const string q = "MetricDataQueries.member.1.";
        var name = form.GetValueOrDefault(q + "MetricStat.Metric.MetricName") ?? throw new InvalidOperationException("no metric name");
        var period = TimeSpan.FromSeconds(int.Parse(form[q + "MetricStat.Period"], CultureInfo.InvariantCulture));
        var start = DateTimeOffset.Parse(form["StartTime"], CultureInfo.InvariantCulture);
        var end = DateTimeOffset.Parse(form["EndTime"], CultureInfo.InvariantCulture);
        var points = new List<(DateTimeOffset At, double Value)>();
        if (Metrics.TryGetValue(name, out var value))
        {
            // Datapoints sit on period boundaries, as CloudWatch aligns them.
            var first = new DateTimeOffset(start.UtcTicks - (start.UtcTicks % period.Ticks), TimeSpan.Zero);
            for (var at = first < start ? first + period : first; at < end; at += period)
            {
                if (value(at) is { } v)
                {
                    points.Add((at, v));
                }
            }
        }

        var skip = form.TryGetValue("NextToken", out var token) ? int.Parse(token, CultureInfo.InvariantCulture) : 0;
        var page = points.Skip(skip).Take(PageSize).ToList();
        var more = skip + page.Count < points.Count;
        XNamespace ns = Xmlns;
        return new XElement(ns + "GetMetricDataResponse",
            new XElement(ns + "GetMetricDataResult",
                new XElement(ns + "MetricDataResults", new XElement(ns + "member",
                    new XElement(ns + "Id", form[q + "Id"]),
                    new XElement(ns + "Label", name),
                    new XElement(ns + "Timestamps", page.Select(p => new XElement(ns + "member", p.At.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)))),
                    new XElement(ns + "Values", page.Select(p => new XElement(ns + "member", p.Value.ToString(CultureInfo.InvariantCulture)))),
                    new XElement(ns + "StatusCode", more ? "PartialData" : "Complete"))),
                more ? new XElement(ns + "NextToken", (skip + page.Count).ToString(CultureInfo.InvariantCulture)) : null,
                new XElement(ns + "Messages")),
            new XElement(ns + "ResponseMetadata", new XElement(ns + "RequestId", Guid.NewGuid()))).ToString();
    }

    private string DescribeAlarms(Dictionary<string, string> form)
    {
        var names = form.Where(f => f.Key.StartsWith("AlarmNames.member.", StringComparison.Ordinal)).Select(f => f.Value).ToHashSet(StringComparer.Ordinal);
        var alarms = Alarms.Where(a => names.Count == 0 || names.Contains(a.Key)).OrderBy(a => a.Key, StringComparer.Ordinal).ToList();
        var skip = form.TryGetValue("NextToken", out var token) ? int.Parse(token, CultureInfo.InvariantCulture) : 0;
        var page = alarms.Skip(skip).Take(PageSize).ToList();
        var more = skip + page.Count < alarms.Count;
        XNamespace ns = Xmlns;
        return new XElement(ns + "DescribeAlarmsResponse",
            new XElement(ns + "DescribeAlarmsResult",
                new XElement(ns + "MetricAlarms", page.Select(a => new XElement(ns + "member",
                    new XElement(ns + "AlarmName", a.Key),
                    new XElement(ns + "AlarmArn", $"arn:aws:cloudwatch:{Region}:123456789012:alarm:{a.Key}"),
                    new XElement(ns + "StateValue", a.Value.State),
                    new XElement(ns + "StateReason", a.Value.Reason),
                    new XElement(ns + "StateUpdatedTimestamp", "2026-11-30T10:00:00.000Z")))),
                new XElement(ns + "CompositeAlarms"),
                more ? new XElement(ns + "NextToken", (skip + page.Count).ToString(CultureInfo.InvariantCulture)) : null),
            new XElement(ns + "ResponseMetadata", new XElement(ns + "RequestId", Guid.NewGuid()))).ToString();
    }

    /// <summary>
    /// SigV4 as AWS documents it: the canonical request (method, path, query, the signed headers as
    /// sent, the payload hash), the string to sign with the credential scope, and the derived key.
    /// </summary>
    private static string? SignatureProblem(HttpRequest request, byte[] body)
    {
        var authorization = request.Headers.Authorization.ToString();
        var match = AuthorizationPattern().Match(authorization);
        if (!match.Success)
        {
            return "no SigV4 Authorization header: " + authorization;
        }

        var date = request.Headers["X-Amz-Date"].ToString();
        var scope = $"{date[..Math.Min(8, date.Length)]}/{Region}/monitoring/aws4_request";
        if (match.Groups["key"].Value != AccessKey || match.Groups["scope"].Value != scope)
        {
            return $"credential {match.Groups["key"].Value}/{match.Groups["scope"].Value} is not {AccessKey}/{scope}";
        }

        var signed = match.Groups["headers"].Value.Split(';');
        if (!signed.Contains("host") || !signed.Contains("x-amz-date"))
        {
            return "host and x-amz-date must be signed";
        }

        var payloadHash = Convert.ToHexStringLower(SHA256.HashData(body));
        var declared = request.Headers["X-Amz-Content-SHA256"].ToString();
        if (declared.Length > 0 && declared != payloadHash)
        {
            return "x-amz-content-sha256 does not match the body";
        }

        var headers = string.Concat(signed.Select(h => $"{h}:{Header(request, h)}\n"));
        var canonical = $"{request.Method}\n{(request.Path.HasValue ? request.Path.Value : "/")}\n{request.QueryString.Value?.TrimStart('?') ?? ""}\n{headers}\n{match.Groups["headers"].Value}\n{payloadHash}";
        var toSign = $"AWS4-HMAC-SHA256\n{date}\n{scope}\n{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))}";
        var key = Encoding.UTF8.GetBytes("AWS4" + SecretKey);
        foreach (var part in new[] { date[..8], Region, "monitoring", "aws4_request" })
        {
            key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(part));
        }

        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(toSign)));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(match.Groups["signature"].Value))
            ? null
            : "signature does not match; canonical request was:\n" + canonical;
    }

    private static string Header(HttpRequest request, string name) =>
        name == "host" ? request.Host.Value ?? "" : string.Join(',', request.Headers[name].Select(v => WhiteSpace().Replace(v!.Trim(), " ")));

    private static async Task WriteAsync(HttpContext context, string xml)
    {
        context.Response.ContentType = "text/xml";
        await context.Response.WriteAsync(xml);
    }

    private static async Task ErrorAsync(HttpContext context, int status, string code, string message)
    {
        context.Response.StatusCode = status;
        XNamespace ns = Xmlns;
        await WriteAsync(context, new XElement(ns + "ErrorResponse",
            new XElement(ns + "Error", new XElement(ns + "Type", "Sender"), new XElement(ns + "Code", code), new XElement(ns + "Message", message)),
            new XElement(ns + "RequestId", Guid.NewGuid())).ToString());
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [GeneratedRegex(@"^AWS4-HMAC-SHA256 Credential=(?<key>[^/]+)/(?<scope>[^,]+), ?SignedHeaders=(?<headers>[a-z0-9;-]+), ?Signature=(?<signature>[0-9a-f]{64})$")]
    private static partial Regex AuthorizationPattern();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhiteSpace();
}
