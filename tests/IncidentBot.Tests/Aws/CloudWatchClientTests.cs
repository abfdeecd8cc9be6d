using System.Net;
using IncidentBot.Aws;
using IncidentBot.Workflows.Runbooks;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace IncidentBot.Tests.Aws;

/// <summary>The CloudWatch client against a loopback CloudWatch that checks every signature.</summary>
public sealed class CloudWatchClientTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2024, 1, 15, 9, 30, 0, TimeSpan.Zero);
    private FakeCloudWatch _aws = null!;
    private CloudWatchClient _client = null!;

    public async Task InitializeAsync()
    {
        _aws = await FakeCloudWatch.StartAsync();
        _client = Client(_aws.ServiceUrl.ToString());
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _aws.DisposeAsync();
    }

    private static CloudWatchClient Client(string? serviceUrl, string? region = FakeCloudWatch.Region) =>
        new(Options.Create(new AwsOptions { Region = region, ServiceUrl = serviceUrl }), NullLogger<CloudWatchClient>.Instance, retryDelay: TimeSpan.FromMilliseconds(1));

    private static MetricCondition Ec2Cpu(string statistic = "Average", int periodSeconds = 300)
    {
        Assert.True(MetricCondition.TryParse($"AWS/EC2 CPUUtilization InstanceId=i-1234567890abcdef0 {statistic} < 80 for 1h period {periodSeconds}s", out var condition, out var error), error);
        return condition!;
    }

    [Fact]
    public async Task GetMetricData_sends_the_documented_signed_query_and_reads_the_documented_answer()
    {
        _aws.CannedMetricData = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", "alerts", "cloudwatch_getmetricdata_query_response_constructed.xml"));

        var points = await _client.GetMetricDataAsync(Ec2Cpu(), Start, Start.AddHours(1), CancellationToken.None);

        Assert.Empty(_aws.Rejected);
        var form = Assert.Single(_aws.Calls);
        // The same parameters as the fixture request, but oldest first (the client asks TimestampAscending).
        var fixture = (await File.ReadAllLinesAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", "alerts", "cloudwatch_getmetricdata_query_request_constructed.http")))[^1];
        var expected = System.Web.HttpUtility.ParseQueryString(fixture);
        foreach (var key in expected.AllKeys.Where(k => k != "ScanBy"))
        {
            Assert.Equal(expected[key], form[key!]);
        }

        Assert.Equal("TimestampAscending", form["ScanBy"]);
        Assert.Equal([(new DateTimeOffset(2024, 1, 15, 10, 20, 0, TimeSpan.Zero), 45.5), (new DateTimeOffset(2024, 1, 15, 10, 25, 0, TimeSpan.Zero), 52.3)],
            points.Select(p => (p.At, p.Value)));
    }

    [Fact]
    public async Task The_fake_refuses_a_request_signed_with_another_secret()
    {
        var parameters = new Amazon.Runtime.Signing.AWSSigV4Parameters
        {
            Credentials = new Amazon.Runtime.BasicAWSCredentials(FakeCloudWatch.AccessKey, "not-the-secret"),
            Region = Amazon.RegionEndpoint.USEast1,
            Service = "monitoring",
            SignPayload = true,
        };
        using var http = new HttpClient(new Amazon.Runtime.Signing.SigV4SigningHandler(parameters, new SocketsHttpHandler()));
        using var form = new FormUrlEncodedContent([new("Action", "DescribeAlarms"), new("Version", "2010-08-01")]);

        using var response = await http.PostAsync(_aws.ServiceUrl, form);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("SignatureDoesNotMatch", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("signature does not match", Assert.Single(_aws.Rejected), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetMetricData_follows_every_page()
    {
        _aws.Metrics["CPUUtilization"] = at => at.Minute;
        _aws.PageSize = 5;

        var points = await _client.GetMetricDataAsync(Ec2Cpu(periodSeconds: 60), Start, Start.AddMinutes(23), CancellationToken.None);

        Assert.Equal(23, points.Count);
        Assert.Equal(Enumerable.Range(30, 23).Select(m => (double)(m % 60)), points.Select(p => p.Value));
        Assert.Equal(5, _aws.Calls.Count);
        Assert.Equal(["5", "10", "15", "20"], _aws.Calls.Skip(1).Select(c => c["NextToken"]));
    }

    [Fact]
    public async Task Throttling_is_retried_and_then_reported()
    {
        _aws.Metrics["CPUUtilization"] = _ => 10;
        _aws.Throttle(2);
        var points = await _client.GetMetricDataAsync(Ec2Cpu(periodSeconds: 60), Start, Start.AddMinutes(3), CancellationToken.None);
        Assert.Equal(3, points.Count);
        Assert.Equal(3, _aws.Calls.Count);

        _aws.Throttle(100);
        var error = await Assert.ThrowsAsync<CloudWatchException>(() => _client.GetMetricDataAsync(Ec2Cpu(), Start, Start.AddHours(1), CancellationToken.None));
        Assert.Equal("Throttling", error.Code);
        Assert.Contains("tries again next minute", error.Advice, StringComparison.Ordinal);
        Assert.Equal(3 + 4, _aws.Calls.Count);
    }

    [Fact]
    public async Task Access_denied_is_not_retried_and_says_which_permission_is_missing()
    {
        _aws.Deny = "AccessDenied";

        var error = await Assert.ThrowsAsync<CloudWatchException>(() => _client.GetMetricDataAsync(Ec2Cpu(), Start, Start.AddHours(1), CancellationToken.None));

        Assert.Single(_aws.Calls);
        Assert.Contains("cloudwatch:GetMetricData", error.Advice, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DescribeAlarms_reads_states_across_pages()
    {
        foreach (var name in Enumerable.Range(1, 7).Select(i => $"alarm-{i}"))
        {
            _aws.Alarms[name] = (name == "alarm-3" ? "ALARM" : "OK", "Threshold Crossed");
        }

        _aws.PageSize = 3;

        var alarms = await _client.DescribeAlarmsAsync([.. Enumerable.Range(1, 7).Select(i => $"alarm-{i}")], CancellationToken.None);

        Assert.Equal(7, alarms.Count);
        Assert.Equal("ALARM", alarms.Single(a => a.Name == "alarm-3").State);
        Assert.Equal(3, _aws.Calls.Count);
        Assert.Equal("alarm-1", _aws.Calls[0]["AlarmNames.member.1"]);
        Assert.Equal("MetricAlarm", _aws.Calls[0]["AlarmTypes.member.1"]);
    }

    [Fact]
    public void Query_errors_are_read_with_or_without_a_namespace()
    {
        var botocore = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "alerts", "aws_query_error_response_botocore.xml"));
        var error = CloudWatchClient.Error(HttpStatusCode.BadRequest, botocore);
        Assert.Equal(("InvalidGreeting", "Hi", false), (error.Code, error.Detail, error.Retryable));

        var gateway = CloudWatchClient.Error(HttpStatusCode.BadGateway, "<html>bad gateway</html>");
        Assert.Equal(("HTTP502", true), (gateway.Code, gateway.Retryable));
    }

    [Fact]
    public async Task Without_a_region_the_client_says_what_to_set()
    {
        if (Environment.GetEnvironmentVariable("AWS_REGION") is not null || Environment.GetEnvironmentVariable("AWS_DEFAULT_REGION") is not null)
        {
            return; // The machine names a region itself; nothing to show here.
        }

        using var unconfigured = Client(null, region: null);
        var error = await Assert.ThrowsAsync<CloudWatchException>(() => unconfigured.GetMetricDataAsync(Ec2Cpu(), Start, Start.AddHours(1), CancellationToken.None));

        Assert.Contains("AWS__Region", error.Advice, StringComparison.Ordinal);
    }
}
