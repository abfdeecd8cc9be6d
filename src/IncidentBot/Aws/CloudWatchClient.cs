using System.Globalization;
using System.Net;
using System.Xml.Linq;
using Amazon;
using Amazon.Runtime.Signing;
using IncidentBot.Workflows.Runbooks;
using IncidentBot.Workflows.Verification;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace IncidentBot.Aws;

/// <summary>An alarm as DescribeAlarms returns it: enough to say whether it still fires, and why.</summary>
public sealed record AlarmState(string Name, string State, string? Reason, DateTimeOffset? Since);

/// <summary>
/// The two CloudWatch calls the bot makes, GetMetricData and DescribeAlarms, over the Query API
/// (2010-08-01): form-encoded POSTs signed with SigV4 by the AWS SDK's own signer, XML answers,
/// every page followed. Throttling, 5xx answers and network failures are retried with jittered
/// backoff; anything else comes back as a <see cref="CloudWatchException"/> that says what to fix.
/// </summary>
public sealed class CloudWatchClient : IDisposable
{
    private static readonly XNamespace Ns = "http://monitoring.amazonaws.com/doc/2010-08-01/";
    private const int MaxPages = 20;

    private readonly HttpClient? _http;
    private readonly Uri? _endpoint;
    private readonly string? _notConfigured;
    private readonly ResiliencePipeline _retry;

    public CloudWatchClient(IOptions<AwsOptions> options, ILogger<CloudWatchClient> logger)
        : this(options, logger, retryDelay: TimeSpan.FromMilliseconds(300))
    {
    }

    internal CloudWatchClient(IOptions<AwsOptions> options, ILogger<CloudWatchClient> logger, TimeSpan retryDelay)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.Value;
        var region = settings.EffectiveRegion;
        if (region is null)
        {
            _notConfigured = "set AWS__Region (or AWS_REGION) to the region of the metrics."; // for operators: the setting to fix, kept after the advice in both languages
        }
        else
        {
            _endpoint = new Uri(settings.ServiceUrl is { Length: > 0 } url ? url : $"https://monitoring.{region}.amazonaws.com/");
            var signer = new SigV4SigningHandler(
                new AWSSigV4Parameters { Credentials = new DeferredCredentials(), Region = RegionEndpoint.GetBySystemName(region), Service = "monitoring", SignPayload = true },
                new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
            _http = new HttpClient(signer) { Timeout = TimeSpan.FromSeconds(Math.Max(1, settings.TimeoutSeconds)) };
        }

        _retry = new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder()
                .Handle<CloudWatchException>(e => e.Retryable)
                .Handle<HttpRequestException>()
                .Handle<TaskCanceledException>(),
            MaxRetryAttempts = 3,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = retryDelay,
            OnRetry = args =>
            {
                logger.LogWarning("CloudWatch call failed ({Problem}); attempt {Attempt} in {Delay} ms", args.Outcome.Exception?.Message, args.AttemptNumber + 2, (int)args.RetryDelay.TotalMilliseconds);
                return ValueTask.CompletedTask;
            },
        }).Build();
    }

    /// <summary>Whether a region is configured, so calls can be made at all.</summary>
    public bool IsConfigured => _http is not null;

    /// <summary>The datapoints of <paramref name="metric"/> between <paramref name="start"/> and <paramref name="end"/>, oldest first.</summary>
    public async Task<IReadOnlyList<MetricPoint>> GetMetricDataAsync(MetricCondition metric, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(metric);
        var form = new List<KeyValuePair<string, string>>
        {
            new("Action", "GetMetricData"),
            new("Version", "2010-08-01"),
            new("MetricDataQueries.member.1.Id", "m1"),
            new("MetricDataQueries.member.1.MetricStat.Metric.Namespace", metric.Namespace),
            new("MetricDataQueries.member.1.MetricStat.Metric.MetricName", metric.Metric),
        };
        var i = 1;
        foreach (var (name, value) in metric.Dimensions)
        {
            form.Add(new($"MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.{i}.Name", name));
            form.Add(new($"MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.{i}.Value", value));
            i++;
        }

        form.Add(new("MetricDataQueries.member.1.MetricStat.Period", ((int)Math.Max(1, metric.Period.TotalSeconds)).ToString(CultureInfo.InvariantCulture)));
        form.Add(new("MetricDataQueries.member.1.MetricStat.Stat", metric.Statistic));
        form.Add(new("MetricDataQueries.member.1.ReturnData", "true"));
        form.Add(new("StartTime", Timestamp(start)));
        form.Add(new("EndTime", Timestamp(end)));
        form.Add(new("ScanBy", "TimestampAscending"));

        var points = new List<MetricPoint>();
        string? next = null;
        for (var page = 0; page < MaxPages; page++)
        {
            var body = next is null ? form : [.. form, new("NextToken", next)];
            var result = (await CallAsync(body, cancellationToken)).Element(Ns + "GetMetricDataResult");
            foreach (var member in result?.Element(Ns + "MetricDataResults")?.Elements(Ns + "member") ?? [])
            {
                if (member.Element(Ns + "StatusCode")?.Value is "Forbidden" or "InternalError")
                {
                    var said = member.Element(Ns + "Messages")?.Descendants(Ns + "Value").FirstOrDefault()?.Value;
                    throw new CloudWatchException(member.Element(Ns + "StatusCode")!.Value, said ?? "the metric could not be read", retryable: member.Element(Ns + "StatusCode")!.Value == "InternalError");
                }

                var times = member.Element(Ns + "Timestamps")?.Elements(Ns + "member").Select(t => DateTimeOffset.Parse(t.Value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)).ToList() ?? [];
                var values = member.Element(Ns + "Values")?.Elements(Ns + "member").Select(v => double.Parse(v.Value, NumberStyles.Float, CultureInfo.InvariantCulture)).ToList() ?? [];
                if (times.Count != values.Count)
                {
                    throw new CloudWatchException("MalformedResponse", $"GetMetricData returned {times.Count} timestamps but {values.Count} values", retryable: false);
                }

                points.AddRange(times.Zip(values, (at, value) => new MetricPoint(at, value)));
            }

            next = result?.Element(Ns + "NextToken")?.Value;
            if (string.IsNullOrEmpty(next))
            {
                break;
            }
        }

        return [.. points.OrderBy(p => p.At)];
    }

    /// <summary>The named metric alarms and their states (all pages).</summary>
    public async Task<IReadOnlyList<AlarmState>> DescribeAlarmsAsync(IReadOnlyList<string> names, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(names);
        var alarms = new List<AlarmState>();
        foreach (var chunk in names.Distinct(StringComparer.Ordinal).Chunk(100))
        {
            var form = new List<KeyValuePair<string, string>> { new("Action", "DescribeAlarms"), new("Version", "2010-08-01") };
            form.AddRange(chunk.Select((name, index) => new KeyValuePair<string, string>($"AlarmNames.member.{index + 1}", name)));
            form.Add(new("AlarmTypes.member.1", "MetricAlarm"));
            form.Add(new("MaxRecords", "100"));
            string? next = null;
            for (var page = 0; page < MaxPages; page++)
            {
                var body = next is null ? form : [.. form, new("NextToken", next)];
                var result = (await CallAsync(body, cancellationToken)).Element(Ns + "DescribeAlarmsResult");
                foreach (var alarm in result?.Element(Ns + "MetricAlarms")?.Elements(Ns + "member") ?? [])
                {
                    var since = alarm.Element(Ns + "StateUpdatedTimestamp")?.Value;
                    alarms.Add(new AlarmState(
                        alarm.Element(Ns + "AlarmName")?.Value ?? "",
                        alarm.Element(Ns + "StateValue")?.Value ?? "",
                        alarm.Element(Ns + "StateReason")?.Value,
                        since is null ? null : DateTimeOffset.Parse(since, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)));
                }

                next = result?.Element(Ns + "NextToken")?.Value;
                if (string.IsNullOrEmpty(next))
                {
                    break;
                }
            }
        }

        return alarms;
    }

    private async Task<XElement> CallAsync(IReadOnlyList<KeyValuePair<string, string>> form, CancellationToken cancellationToken)
    {
        if (_http is null)
        {
            throw new CloudWatchException("NotConfigured", _notConfigured!, retryable: false);
        }

        return await _retry.ExecuteAsync(async token =>
        {
            using var content = new FormUrlEncodedContent(form);
            using var response = await _http.PostAsync(_endpoint, content, token);
            var text = await response.Content.ReadAsStringAsync(token);
            if (response.IsSuccessStatusCode)
            {
                try
                {
                    return XDocument.Parse(text).Root ?? throw new CloudWatchException("MalformedResponse", "an empty answer", retryable: false);
                }
                catch (System.Xml.XmlException ex)
                {
                    throw new CloudWatchException("MalformedResponse", "an answer that is not XML: " + ex.Message, retryable: false);
                }
            }

            throw Error(response.StatusCode, text);
        }, cancellationToken);
    }

    /// <summary>A Query API error answer: <c>&lt;ErrorResponse&gt;&lt;Error&gt;&lt;Code&gt;…</c>, with or without a namespace.</summary>
    internal static CloudWatchException Error(HttpStatusCode status, string body)
    {
        string? code = null, message = null;
        try
        {
            var error = XDocument.Parse(body).Descendants().FirstOrDefault(e => e.Name.LocalName == "Error");
            code = error?.Elements().FirstOrDefault(e => e.Name.LocalName == "Code")?.Value;
            message = error?.Elements().FirstOrDefault(e => e.Name.LocalName == "Message")?.Value;
        }
        catch (System.Xml.XmlException)
        {
            // Not XML (a proxy's page, say): the status says enough.
        }

        code ??= $"HTTP{(int)status}";
        var throttled = code is "Throttling" or "ThrottlingException" or "RequestLimitExceeded" or "TooManyRequestsException" || status == HttpStatusCode.TooManyRequests;
        return new CloudWatchException(code, message ?? status.ToString(), retryable: throttled || (int)status >= 500);
    }

    private static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    public void Dispose() => _http?.Dispose();
}
