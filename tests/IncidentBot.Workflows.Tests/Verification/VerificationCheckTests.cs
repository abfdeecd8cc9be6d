using IncidentBot.Workflows.Alerts;
using IncidentBot.Workflows.Commands;
using IncidentBot.Workflows.Runbooks;
using IncidentBot.Workflows.Tests.Fakes;
using IncidentBot.Workflows.Tests.Runbooks;
using IncidentBot.Workflows.Verification;

namespace IncidentBot.Workflows.Tests.Verification;

public sealed class VerificationCheckTests
{
    private const string Cpu = "AWS/RDS CPUUtilization DBInstanceIdentifier=prod-db < 70 for 10m";
    private static readonly TimeZoneInfo Utc = TimeZoneInfo.Utc;
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 10, 0, 0, TimeSpan.Zero);

    private static MetricCondition Parse(string text)
    {
        Assert.True(MetricCondition.TryParse(text, out var condition, out var error), error);
        return condition!;
    }

    private static List<MetricPoint> Minutes(params double[] values) =>
        [.. values.Select((v, i) => new MetricPoint(Now - TimeSpan.FromMinutes(values.Length - 1 - i), v))];

    /// <summary>A room whose incident INC-0001 is verifying, commanded by alice, with the checks given.</summary>
    private static async Task<Room> VerifyingAsync(params string[] checks)
    {
        var room = new Room();
        await room.PlayAsync("alice", "/incident start sev2 orders db refuses connections", "/incident role commander me", "/incident recover");
        foreach (var check in checks)
        {
            await room.Say($"/incident check add {check}").ExpectReply("reads it when the incident enters verifying");
        }

        await room.PlayAsync("alice", "/incident mitigated routed reads to the reader");
        return room;
    }

    [Fact]
    public void Conditions_ReadStatisticAndPeriod_AndWriteThemBack()
    {
        var condition = Parse("AWS/ApplicationELB HTTPCode_Target_5XX_Count LoadBalancer=app/web/1 Sum <= 10 for 30m period 5m");

        Assert.Equal(("Sum", TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30)), (condition.Statistic, condition.Period, condition.For));
        Assert.Equal("AWS/ApplicationELB HTTPCode_Target_5XX_Count LoadBalancer=app/web/1 Sum <= 10 for 30m period 5m", condition.ToString());
        Assert.Equal(Cpu, Parse(Cpu).ToString());
        Assert.Equal("p99", Parse("AWS/ApiGateway Latency ApiName=shop p99 < 800 for 10m").Statistic);
        Assert.False(MetricCondition.TryParse("AWS/RDS CPUUtilization Median < 70 for 10m", out _, out var error));
        Assert.Contains("not a statistic", error, StringComparison.Ordinal);
        Assert.False(MetricCondition.TryParse("AWS/RDS CPUUtilization < 70 for 5m period 10m", out _, out _));
    }

    [Fact]
    public void Evaluation_Fails_OnAnyDatapointOnTheWrongSide_AndNamesIt()
    {
        var (outcome, detail) = CheckEvaluation.Evaluate(Parse(Cpu), Minutes(40, 41, 85.24, 42, 40, 39, 38, 37, 36, 35), Now, Utc);

        Assert.Equal(CheckOutcome.Failing, outcome);
        Assert.Equal("CPUUtilization was 85.24 at 09:53 (needs < 70 for 10m)", detail);
    }

    [Fact]
    public void Evaluation_Waits_UntilTheWindowHasEnoughDatapoints()
    {
        var condition = Parse(Cpu);

        Assert.Equal(8, CheckEvaluation.Needed(condition));
        Assert.Equal(CheckOutcome.Pending, CheckEvaluation.Evaluate(condition, [], Now, Utc).Outcome);
        Assert.Equal(CheckOutcome.Pending, CheckEvaluation.Evaluate(condition, Minutes(30, 31, 32), Now, Utc).Outcome);
        // Points older than the window say nothing about it.
        var old = Minutes(30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30).Take(6).ToList();
        Assert.Equal(CheckOutcome.Pending, CheckEvaluation.Evaluate(condition, old, Now, Utc).Outcome);
        var (outcome, detail) = CheckEvaluation.Evaluate(condition, Minutes(30, 31, 32, 33, 34, 35, 36, 37), Now, Utc);
        Assert.Equal(CheckOutcome.Passing, outcome);
        Assert.Equal("CPUUtilization < 70 for the last 10m (8 datapoints, highest 37)", detail);
    }

    [Fact]
    public void Evaluation_ReadsGreaterThanConditions_TheOtherWayRound()
    {
        var condition = Parse("AWS/ApplicationELB HealthyHostCount TargetGroup=tg/web >= 3 for 5m");

        Assert.Equal(CheckOutcome.Passing, CheckEvaluation.Evaluate(condition, Minutes(3, 4, 3, 3, 4), Now, Utc).Outcome);
        Assert.Equal(CheckOutcome.Failing, CheckEvaluation.Evaluate(condition, Minutes(3, 4, 2, 3, 4), Now, Utc).Outcome);
    }

    [Fact]
    public async Task Verified_IsRefused_UntilEveryCheckPasses_AndSaysWhy()
    {
        var room = await VerifyingAsync(Cpu, "AWS/RDS DatabaseConnections DBInstanceIdentifier=prod-db < 800 for 10m");

        var refused = await room.Say("/incident verified", "bob").ExpectRefusal("cannot be verified while its checks have not passed");
        Assert.Contains("#1 `" + Cpu + "` is pending", refused.Text, StringComparison.Ordinal);
        Assert.Contains("/incident resolve <reason>", refused.Text, StringComparison.Ordinal);

        await room.ReadCheckAsync(1, 1, 30, 31, 32, 33, 90, 35, 36, 37, 38, 39);
        await room.ReadCheckAsync(1, 2, 300, 310, 320, 330, 340, 350, 360, 370, 380, 390);
        await room.Say("/incident verified", "bob").ExpectRefusal("#1 `" + Cpu + "` is failing: CPUUtilization was 90");

        var passed = await room.ReadCheckAsync(1, 1, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39);
        Assert.Contains("All 2 checks pass", passed.Text, StringComparison.Ordinal);
        Assert.Equal("/incident verified INC-0001", Assert.Single(passed.Buttons).Command);
        await room.Say("/incident verified", "bob").ExpectReply("verifying → reporting");
    }

    [Fact]
    public async Task Readings_AreRecorded_OnlyWhenTheyChangeSomething()
    {
        var room = await VerifyingAsync(Cpu);
        var before = (await room.Store.ReadAsync(new Incidents.IncidentId(1), 0, CancellationToken.None)).Count;

        await room.ReadCheckAsync(1, 1, 90, 91, 92);
        await room.ReadCheckAsync(1, 1, 91, 92, 93);
        await room.ReadCheckAsync(1, 1, 92, 93, 94);

        var events = await room.Store.ReadAsync(new Incidents.IncidentId(1), 0, CancellationToken.None);
        var evaluated = Assert.Single(events.Skip(before).Select(e => e.Event).OfType<Incidents.Events.CheckEvaluated>());
        Assert.Equal(CheckOutcome.Failing, evaluated.Outcome);
        Assert.Equal(3, evaluated.Points.Count);
    }

    [Fact]
    public async Task AnUnchangedState_IsRecordedQuietly_EveryFiveMinutes_ToKeepTheReasonCurrent()
    {
        var room = await VerifyingAsync(Cpu);
        await room.ReadCheckAsync(1, 1, 90, 91, 92);
        room.Clock.Advance(TimeSpan.FromMinutes(4));
        await room.ReadCheckAsync(1, 1, 93);
        room.Clock.Advance(TimeSpan.FromMinutes(1));

        var refreshed = await room.ReadCheckAsync(1, 1, 94, 95);

        Assert.Equal(Chat.MessageVisibility.Ephemeral, refreshed.Visibility);
        var incident = await room.Dispatcher.ReadAsync(new Incidents.IncidentId(1), s => s, CancellationToken.None);
        Assert.StartsWith("CPUUtilization was 95 at", incident!.Check(1)!.Last!.Detail, StringComparison.Ordinal);
        var events = await room.Store.ReadAsync(new Incidents.IncidentId(1), 0, CancellationToken.None);
        Assert.Equal(2, events.Count(e => e.Event is Incidents.Events.CheckEvaluated));
    }

    [Fact]
    public async Task TheCommander_MayOverrideFailingChecks_WithAReason_AndNobodyElse()
    {
        var room = await VerifyingAsync(Cpu);
        await room.ReadCheckAsync(1, 1, 90, 91, 92);

        await room.Say("/incident resolve users are fine, the CPU is a batch job", "bob").ExpectRefusal("Only the commander");
        await room.Say("/incident resolve", "alice").ExpectRefusal("needs a reason");
        await room.Say("/incident resolve users are fine, the CPU is a batch job", "alice").ExpectReply("verifying → reporting: users are fine, the CPU is a batch job");
    }

    [Fact]
    public async Task Checks_TimeOut_AndCanBeReadAgain()
    {
        var room = await VerifyingAsync(Cpu);
        room.Clock.Advance(TimeSpan.FromMinutes(31));

        var timedOut = await room.ReadCheckAsync(1, 1, 90, 91, 92);
        Assert.Contains("timed out — not passed within 30m; last reading: CPUUtilization was 92", timedOut.Text, StringComparison.Ordinal);
        Assert.Contains(timedOut.Buttons, b => b.Command == "/incident check retry INC-0001");
        await room.Say("/incident verified").ExpectRefusal("/incident check retry");

        // A timed-out check is not read again until someone asks.
        var ignored = await room.ReadCheckAsync(1, 1, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39);
        Assert.DoesNotContain("passing", ignored.Text, StringComparison.Ordinal);

        await room.Say("/incident check retry", "bob").ExpectReply("restarted the verification checks");
        await room.ReadCheckAsync(1, 1, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39);
        await room.Say("/incident verified", "bob").ExpectOk();
    }

    [Fact]
    public async Task GoingBackToRecovering_StartsANewRound()
    {
        var room = await VerifyingAsync(Cpu);
        await room.ReadCheckAsync(1, 1, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39);
        await room.PlayAsync("alice", "/incident verify-failed errors came back", "/incident mitigated restarted the pool");

        await room.Say("/incident verified").ExpectRefusal("is pending");
    }

    [Fact]
    public async Task ReadingsOutsideVerifying_RecordNothing()
    {
        var room = new Room();
        await room.PlayAsync("alice", "/incident start sev2 db", "/incident check add " + Cpu);

        var reply = await room.ReadCheckAsync(1, 1, 90, 91);

        Assert.Equal(Chat.MessageVisibility.Ephemeral, reply.Visibility);
        var incident = await room.Dispatcher.ReadAsync(new Incidents.IncidentId(1), s => s, CancellationToken.None);
        Assert.Null(incident!.Check(1)!.Last);
    }

    [Fact]
    public async Task CheckCommands_ListAddRemove_AndExplainMistakes()
    {
        var room = await VerifyingAsync();
        await room.Say("/incident check").ExpectReply("has no verification checks");
        await room.Say("/incident check add CPU is fine").ExpectRefusal("is not a metric condition");
        await room.Say("/incident check add").ExpectRefusal("Say the condition");
        await room.Say($"/incident check add \"{Cpu}\"").ExpectReply("The bot reads it now and every minute");
        await room.Say($"/incident check add {Cpu}").ExpectReply("already has this check as #1");
        await room.Say("/incident check frobnicate").ExpectRefusal("is not something checks do");
        await room.Say("/incident check remove #7 wrong db").ExpectRefusal("has no check #7; its checks are #1");
        await room.Say("/incident check remove #1").ExpectRefusal("Say which check");

        await room.Say("/incident check remove #1 it watched the wrong instance").ExpectReply("removed verification check #1");
        await room.Say("/incident verified", "bob").ExpectOk();
    }

    [Fact]
    public async Task ARunbook_BringsItsChecks_Once()
    {
        var room = new Room(runbooks: SampleRunbooks.Library());
        await room.PlayAsync("alice", "/incident start sev2 orders db refuses connections", "/incident check add " + Cpu);

        await room.Say("/incident runbook db-storm").ExpectOk();

        var incident = await room.Dispatcher.ReadAsync(new Incidents.IncidentId(1), s => s, CancellationToken.None);
        Assert.Equal(Cpu, Assert.Single(incident!.ActiveChecks).Condition.ToString());
    }

    [Fact]
    public async Task WithoutCloudWatch_NoChecksAreTaken_AndVerifyingIsByHand()
    {
        var room = new Room(runbooks: SampleRunbooks.Library(), readsMetrics: false);
        await room.PlayAsync("alice", "/incident start sev2 orders db refuses connections", "/incident role commander me", "/incident recover");

        await room.Say("/incident check add " + Cpu).ExpectRefusal("CloudWatch is not configured (set AWS__Region");
        await room.Say("/incident runbook db-storm").ExpectReply("Its verification checks need CloudWatch, which is not configured: verify by hand.");
        await room.PlayAsync("alice", "/incident mitigated routed reads to the reader");

        await room.Say("/incident verified", "bob").ExpectReply("verifying → reporting");
    }

    [Theory]
    [InlineData("GreaterThanThreshold", 80, 300, 3, "AWS/EC2 CPUUtilization InstanceId=i-1 <= 80 for 15m period 5m")]
    [InlineData("LessThanThreshold", 2, 60, 1, "AWS/EC2 CPUUtilization InstanceId=i-1 >= 2 for 5m")]
    [InlineData("GreaterThanOrEqualToThreshold", 1, 60, 10, "AWS/EC2 CPUUtilization InstanceId=i-1 < 1 for 10m")]
    public void AnAlarm_ImpliesTheCheckThatItsMetricIsBackOnTheGoodSide(string comparison, double threshold, int period, int periods, string expected)
    {
        var metric = new AlertMetric("AWS/EC2", "CPUUtilization", new Dictionary<string, string> { ["InstanceId"] = "i-1" })
        {
            Statistic = "Average",
            PeriodSeconds = period,
            EvaluationPeriods = periods,
            Comparison = comparison,
            Threshold = threshold,
        };

        Assert.Equal(expected, VerificationDecider.FromAlarm(metric)?.ToString());
        Assert.Null(VerificationDecider.FromAlarm(metric with { Expression = "m1+m2" }));
        Assert.Null(VerificationDecider.FromAlarm(metric with { Comparison = "LessThanLowerOrGreaterThanUpperThreshold" }));
    }

    [Fact]
    public void Sparklines_SpanLowToHigh_AndStayShort()
    {
        var line = Sparkline.Render(Minutes([.. Enumerable.Range(0, 120).Select(i => (double)i)]));

        Assert.Equal(Sparkline.Width, line.Length);
        Assert.Equal('▁', line[0]);
        Assert.Equal('█', line[^1]);
        Assert.Equal("▁▁▁", Sparkline.Render(Minutes(5, 5, 5)));
        Assert.Equal("▁█", Sparkline.Render(Minutes(0, 10), threshold: 5));
        Assert.Equal("", Sparkline.Render([]));
    }
}
