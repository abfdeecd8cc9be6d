using System.Text.Json.Nodes;
using IncidentBot.Alerts;
using IncidentBot.Workflows.Alerts;

namespace IncidentBot.Tests.Alerts;

public sealed class AlertPayloadTests
{
    internal static readonly string Fixtures = Path.Combine(AppContext.BaseDirectory, "Fixtures", "alerts");

    internal static JsonObject Fixture(string name) => JsonNode.Parse(File.ReadAllText(Path.Combine(Fixtures, name)))!.AsObject();

    [Fact]
    public void Alertmanager_v4_alerts_keep_status_labels_times_and_links()
    {
        var alerts = AlertPayloads.Alertmanager(Fixture("alertmanager_v4.json"), "alertmanager").Alerts;
        Assert.Equal(2, alerts.Count);
        var firing = alerts[0];
        Assert.Equal(("2c7a7b1e8f0d4a11", AlertStatus.Firing, "HighErrorRate"), (firing.Fingerprint, firing.Status, firing.Name));
        Assert.Equal("api", firing.Label("job"));
        Assert.Equal("High error rate on api-1", firing.Annotations["summary"]);
        Assert.Equal(new DateTimeOffset(2024, 5, 1, 10, 0, 0, 123, TimeSpan.Zero).AddTicks(4567), firing.StartsAt);
        Assert.Null(firing.EndsAt);
        Assert.StartsWith("http://prometheus:9090/graph", firing.Links[0], StringComparison.Ordinal);
        Assert.Equal(AlertStatus.Resolved, alerts[1].Status);
        Assert.Equal(new DateTimeOffset(2024, 5, 1, 10, 4, 30, TimeSpan.Zero), alerts[1].EndsAt);
        Assert.NotEmpty(AlertPayloads.Alertmanager(Fixture("alertmanager_v4_legacy_prometheus_msteams_readme.json"), "alertmanager").Alerts);

        // A link that silences exactly this alert, on the Alertmanager that sent it.
        Assert.Equal("http://alertmanager:9093/#/silences/new?filter=" + Uri.EscapeDataString("{alertname=\"HighErrorRate\", instance=\"api-1:8080\", job=\"api\", severity=\"critical\"}"), firing.SilenceUrl);
        Assert.Equal("{}:{alertname=\"HighErrorRate\"}", firing.GroupKey);
    }

    [Fact]
    public void Grafana_alerts_bring_their_dashboard_links()
    {
        var alerts = AlertPayloads.Alertmanager(Fixture("grafana_webhook.json"), "grafana").Alerts;
        Assert.NotEmpty(alerts);
        Assert.All(alerts, a => Assert.Equal("grafana", a.Source));
        Assert.Contains(alerts, a => a.Links.Count > 0);
    }

    [Fact]
    public void A_cloudwatch_alarm_is_read_with_its_quirks()
    {
        var sns = Fixture("sns_cloudwatch_alarm.json");
        var alert = AlertPayloads.CloudWatch(sns["Message"]!.GetValue<string>())!;
        Assert.Equal("node_disk_used(i-007a83a108d6e2c6e)", alert.Name);
        Assert.Equal(AlertStatus.Firing, alert.Status);
        Assert.Equal(new DateTimeOffset(2024, 9, 9, 1, 59, 7, 423, TimeSpan.Zero), alert.StartsAt);
        Assert.Equal("Asia Pacific (Singapore)", alert.Label("region"));
        Assert.Equal("ap-southeast-1", alert.Label("region_code"));
        var metric = alert.Metric!;
        Assert.Equal(("CWAgent", "disk_used_percent", "Average", 300, 30.0), (metric.Namespace, metric.Name, metric.Statistic, metric.PeriodSeconds, metric.Threshold));
        Assert.Equal("i-007a83a108d6e2c6e", metric.Dimensions["InstanceId"]);
        Assert.Equal("GreaterThanThreshold", metric.Comparison);
    }

    [Fact]
    public void A_metric_math_alarm_keeps_its_expression_and_first_metric()
    {
        var alert = AlertPayloads.CloudWatch(File.ReadAllText(Path.Combine(Fixtures, "cloudwatch_alarm_message_multiple_metrics.json")))!;
        Assert.Equal("m1*1", alert.Metric!.Expression);
        Assert.Equal(("AWS/EC2", "NetworkOut", "TestInstance"), (alert.Metric.Namespace, alert.Metric.Name, alert.Metric.Dimensions["InstanceId"]));
        Assert.NotNull(AlertPayloads.CloudWatch(File.ReadAllText(Path.Combine(Fixtures, "cloudwatch_alarm_message_single_metric.json"))));
        Assert.NotNull(AlertPayloads.CloudWatch(File.ReadAllText(Path.Combine(Fixtures, "cloudwatch_alarm_message_modern_thirdparty.json"))));
    }

    [Fact]
    public void Insufficient_data_is_no_news_and_an_ok_resolves()
    {
        Assert.Null(AlertPayloads.CloudWatch("""{"AlarmName":"cpu","NewStateValue":"INSUFFICIENT_DATA","StateChangeTime":"2026-01-01T00:00:00.000+0000"}"""));
        var ok = AlertPayloads.CloudWatch("""{"AlarmName":"cpu","NewStateValue":"OK","StateChangeTime":"2026-01-01T00:10:00.000-0530"}""")!;
        Assert.Equal(AlertStatus.Resolved, ok.Status);
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 5, 40, 0, TimeSpan.Zero), ok.EndsAt);
    }

    [Fact]
    public void The_generic_shape_takes_a_list_or_one_alert()
    {
        var now = DateTimeOffset.UtcNow;
        var list = AlertPayloads.Generic(JsonNode.Parse("""{"alerts":[{"name":"QueueBacklog","status":"firing","labels":{"service":"billing","shard":3},"links":["https://grafana.example.com/d/1","javascript:alert(1)"]}]}""")!.AsObject(), now);
        var alert = Assert.Single(list);
        Assert.Equal(("QueueBacklog", "billing", "3", now), (alert.Name, alert.Label("service"), alert.Label("shard"), alert.StartsAt));
        Assert.Equal(["https://grafana.example.com/d/1"], alert.Links);
        var single = AlertPayloads.Generic(JsonNode.Parse("""{"name":"QueueBacklog","labels":{"service":"billing","shard":"3"}}""")!.AsObject(), now);
        Assert.Equal(alert.Fingerprint, single[0].Fingerprint);
    }

    [Theory]
    [InlineData("""{"version":"3","alerts":[]}""")]
    [InlineData("""{"alerts":{}}""")]
    [InlineData("""{"alerts":[{"status":"firing","labels":{}}]}""")]
    [InlineData("""{"alerts":[{"status":"burning","labels":{"alertname":"X"},"startsAt":"2026-01-01T00:00:00Z"}]}""")]
    [InlineData("""{"alerts":[{"status":"firing","labels":{"alertname":"X"},"startsAt":"yesterday"}]}""")]
    public void Malformed_alertmanager_payloads_say_what_is_wrong(string body) =>
        Assert.Throws<FormatException>(() => AlertPayloads.Alertmanager(JsonNode.Parse(body)!.AsObject(), "alertmanager"));
}
