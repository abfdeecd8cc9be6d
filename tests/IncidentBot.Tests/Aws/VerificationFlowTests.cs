using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using IncidentBot.Tests.Alerts;
using IncidentBot.Tests.Support;

namespace IncidentBot.Tests.Aws;

/// <summary>
/// The bot reading CloudWatch end to end: checks read as the incident enters verifying and every
/// interval after, 'verified' held back until they pass, an alarm's check and evidence, and
/// CloudWatch refusing access shown in the check instead of breaking anything.
/// </summary>
public sealed class VerificationFlowTests : IAsyncLifetime
{
    private const string Cpu = "AWS/RDS CPUUtilization DBInstanceIdentifier=prod-db < 70 for 10m";
    private readonly string _certificates = Directory.CreateTempSubdirectory("incidentbot-sns-").FullName;
    private FakeCloudWatch _aws = null!;
    private SnsVerifierTests.TestSigner _signer = null!;
    private BotFactory _bot = null!;
    private HttpClient _client = null!;
    private ChatRoom _room = null!;

    public async Task InitializeAsync()
    {
        _aws = await FakeCloudWatch.StartAsync();
        _signer = new SnsVerifierTests.TestSigner(_certificates);
        _bot = new BotFactory(
            ("AWS:Region", FakeCloudWatch.Region), ("AWS:ServiceUrl", _aws.ServiceUrl.ToString()),
            ("Verification:IntervalSeconds", "1"),
            ("Alerts:Sns:AllowedTopicArns", "arn:aws:sns:us-east-1:123456789012:*"), ("Alerts:Sns:CertificateDirectory", _certificates));
        _client = _bot.CreateClient();
        _room = new ChatRoom(_client);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _bot.DisposeAsync();
        _signer.Dispose();
        await _aws.DisposeAsync();
        Directory.Delete(_certificates, recursive: true);
    }

    private async Task<JsonElement> WaitForAsync(string id, Func<JsonElement, bool> done, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        JsonElement incident;
        do
        {
            incident = await _room.GetJsonAsync($"/api/incidents/{id}");
            if (done(incident))
            {
                return incident;
            }

            await Task.Delay(100);
        }
        while (DateTime.UtcNow < deadline);
        Assert.Fail($"Timed out waiting for {what}; the incident was:\n{incident}");
        return incident;
    }

    private static string Outcome(JsonElement incident, int check = 0) => incident.GetProperty("checks")[check].GetProperty("outcome").GetString()!;

    private async Task VerifyingAsync()
    {
        await _room.Say("/incident start sev2 orders db refuses connections").ExpectOk();
        await _room.Say("/incident check add " + Cpu).ExpectReply("reads it when the incident enters verifying");
        await _room.Say("/incident role commander me").ExpectOk();
        await _room.Say("/incident recover").ExpectOk();
        await _room.Say("/incident mitigated failed over to the replica").ExpectOk();
    }

    [Fact]
    public async Task Checks_hold_verified_back_until_cloudwatch_shows_the_metric_recovered()
    {
        var healthy = false;
        _aws.Metrics["CPUUtilization"] = _ => healthy ? 35 : 92;
        await VerifyingAsync();

        var failing = await WaitForAsync("INC-0001", i => Outcome(i) == "failing", "the first reading");
        Assert.StartsWith("CPUUtilization was 92 at ", failing.GetProperty("checks")[0].GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(failing.GetProperty("checks")[0].GetProperty("points").GetArrayLength() >= 10);
        await _room.Say("/incident verified", "bob").ExpectRefusal("is failing: CPUUtilization was 92");

        healthy = true;
        await WaitForAsync("INC-0001", i => Outcome(i) == "passing", "the check to pass");
        await _room.Say("/incident verified", "bob").ExpectReply("verifying → reporting");

        var timeline = (await _room.GetJsonAsync("/api/incidents/INC-0001/timeline")).EnumerateArray().Select(e => e.GetProperty("text").GetString()!).ToList();
        Assert.Contains(timeline, t => t.StartsWith("Check #1 failing: CPUUtilization was 92", StringComparison.Ordinal) && t.Contains("`▁▁▁", StringComparison.Ordinal));
        Assert.Contains(timeline, t => t.StartsWith("Check #1 passing: CPUUtilization < 70 for the last 10m", StringComparison.Ordinal));
        Assert.Empty(_aws.Rejected);
        var asked = _aws.Calls.First(c => c["Action"] == "GetMetricData");
        Assert.Equal(("AWS/RDS", "prod-db", "Average", "60"), (asked["MetricDataQueries.member.1.MetricStat.Metric.Namespace"],
            asked["MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.1.Value"], asked["MetricDataQueries.member.1.MetricStat.Stat"], asked["MetricDataQueries.member.1.MetricStat.Period"]));
    }

    [Fact]
    public async Task Cloudwatch_refusing_access_shows_in_the_check_and_the_commander_can_still_resolve()
    {
        _aws.Deny = "AccessDenied";
        await VerifyingAsync();

        var unreadable = await WaitForAsync("INC-0001", i => Outcome(i) == "unreadable", "the refused reading");
        Assert.Contains("cloudwatch:GetMetricData", unreadable.GetProperty("checks")[0].GetProperty("detail").GetString(), StringComparison.Ordinal);
        await _room.Say("/incident verified", "bob").ExpectRefusal("is unreadable");

        await _room.Say("/incident resolve checked the console by hand, CPU is 30%").ExpectReply("verifying → reporting");
        using var health = await _client.GetAsync(new Uri("/healthz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    private async Task PostAlarmAsync()
    {
        var alarm = _signer.Sign(CloudWatchAlarms.Notification("ALARM", "alarm-1", "arn:aws:sns:us-east-1:123456789012:cloudwatch-alarms", DateTimeOffset.UtcNow));
        using var posted = await _client.PostAsync(new Uri("/alerts/sns", UriKind.Relative), new StringContent(alarm.ToJsonString(), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
    }

    [Fact]
    public async Task Evidence_is_kept_even_when_cloudwatch_throttles_at_first()
    {
        _aws.Metrics["CPUUtilization"] = _ => 80;
        _aws.Throttle(4); // the first attempt's call and its three retries

        await PostAlarmAsync();

        var incident = await WaitForAsync("INC-0001", i => i.GetProperty("snapshots").GetArrayLength() == 1, "the evidence snapshot");
        var snapshot = incident.GetProperty("snapshots")[0];
        Assert.Equal(JsonValueKind.Null, snapshot.GetProperty("problem").ValueKind);
        Assert.Equal(60, snapshot.GetProperty("points").GetArrayLength());
        Assert.True(_aws.Calls.Count(c => c["Action"] == "GetMetricData") >= 5, "the throttled attempt was made and given up before the one that worked");
    }

    [Fact]
    public async Task An_alarm_opens_its_incident_with_its_check_and_the_hour_before_detection()
    {
        _aws.Metrics["CPUUtilization"] = at => at.Minute % 2 == 0 ? 40 : 95;
        _aws.Alarms["prod-db-cpu"] = ("ALARM", "Threshold Crossed: 1 datapoint [95.0] was greater than the threshold (70.0)");
        await PostAlarmAsync();

        var incident = await WaitForAsync("INC-0001", i => i.GetProperty("snapshots").GetArrayLength() == 1, "the evidence snapshot");
        var check = incident.GetProperty("checks")[0];
        Assert.Equal("AWS/RDS CPUUtilization DBInstanceIdentifier=prod-db <= 70 for 5m", check.GetProperty("condition").GetString());
        Assert.Equal("alarm prod-db-cpu", check.GetProperty("source").GetString());
        var snapshot = incident.GetProperty("snapshots")[0];
        Assert.Equal(60, snapshot.GetProperty("points").GetArrayLength());
        var evidence = _aws.Calls.First(c => c["Action"] == "GetMetricData");
        var window = DateTimeOffset.Parse(evidence["EndTime"], System.Globalization.CultureInfo.InvariantCulture) - DateTimeOffset.Parse(evidence["StartTime"], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(TimeSpan.FromHours(1), window);
        var timeline = (await _room.GetJsonAsync("/api/incidents/INC-0001/timeline")).EnumerateArray().Select(e => e.GetProperty("text").GetString()!).ToList();
        Assert.Contains(timeline, t => t.StartsWith("Metric snapshot of AWS/RDS CPUUtilization DBInstanceIdentifier=prod-db (Average) in the 60 minutes before detection: `", StringComparison.Ordinal));

        // Verifying: the metric is fine now, but the alarm has not left ALARM, so the check does not pass yet.
        _aws.Metrics["CPUUtilization"] = _ => 30;
        await _room.Say("/incident declare INC-0001").ExpectOk();
        await _room.Say("/incident role commander me INC-0001").ExpectOk();
        await _room.Say("/incident sev 2 INC-0001").ExpectOk();
        await _room.Say("/incident recover INC-0001").ExpectOk();
        await _room.Say("/incident mitigated INC-0001 scaled the instance up").ExpectOk();
        var held = await WaitForAsync("INC-0001", i => Outcome(i) == "failing", "the alarm to hold the check");
        Assert.Contains("alarm prod-db-cpu is still in ALARM", held.GetProperty("checks")[0].GetProperty("detail").GetString(), StringComparison.Ordinal);

        _aws.Alarms["prod-db-cpu"] = ("OK", "Threshold Crossed: no datapoints above 70");
        var passed = await WaitForAsync("INC-0001", i => Outcome(i) == "passing", "the alarm to clear");
        Assert.EndsWith("; alarm prod-db-cpu is OK", passed.GetProperty("checks")[0].GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
