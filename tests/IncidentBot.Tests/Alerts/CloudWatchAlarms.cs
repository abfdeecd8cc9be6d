using System.Globalization;
using System.Text.Json.Nodes;

namespace IncidentBot.Tests.Alerts;

/// <summary>SNS notifications of one CloudWatch alarm, as SNS delivers them (unsigned: each test signs with its own key).</summary>
internal static class CloudWatchAlarms
{
    /// <summary>Alarm <c>prod-db-cpu</c> (RDS CPUUtilization of prod-db, average over 60 s, above 70 for 3 periods) entering <paramref name="state"/> at <paramref name="changedAt"/>.</summary>
    public static JsonObject Notification(string state, string messageId, string topic, DateTimeOffset changedAt) => new()
    {
        ["Type"] = "Notification",
        ["MessageId"] = messageId,
        ["TopicArn"] = topic,
        ["Subject"] = $"{state}: \"prod-db-cpu\" in US East (N. Virginia)",
        ["Message"] = new JsonObject
        {
            ["AlarmName"] = "prod-db-cpu",
            ["NewStateValue"] = state,
            ["NewStateReason"] = "Threshold Crossed",
            ["StateChangeTime"] = changedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'+0000'", CultureInfo.InvariantCulture),
            ["Region"] = "US East (N. Virginia)",
            ["AlarmArn"] = "arn:aws:cloudwatch:us-east-1:123456789012:alarm:prod-db-cpu",
            ["Trigger"] = new JsonObject
            {
                ["MetricName"] = "CPUUtilization",
                ["Namespace"] = "AWS/RDS",
                ["Statistic"] = "AVERAGE",
                ["Dimensions"] = new JsonArray(new JsonObject { ["value"] = "prod-db", ["name"] = "DBInstanceIdentifier" }),
                ["Period"] = 60,
                ["EvaluationPeriods"] = 3,
                ["ComparisonOperator"] = "GreaterThanThreshold",
                ["Threshold"] = 70.0,
            },
        }.ToJsonString(),
        ["Timestamp"] = changedAt.AddSeconds(1).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        ["UnsubscribeURL"] = "https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe",
    };
}
