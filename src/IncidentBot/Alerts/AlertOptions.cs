namespace IncidentBot.Alerts;

/// <summary>The <c>Alerts</c> configuration section.</summary>
public sealed class AlertOptions
{
    /// <summary>The bearer token Alertmanager, Grafana and generic senders present. Without it those endpoints refuse everything.</summary>
    public string? Token { get; set; }

    /// <summary>Labels that make a group (one incident), comma-separated; <c>alertname</c> is the alert's name; <c>alertmanager</c> takes Alertmanager's own groups.</summary>
    public string GroupBy { get; set; } = "alertname,service";

    /// <summary>A new firing joins its group's open incident if the group was heard of within this many minutes (repeats of alerts it has always do).</summary>
    public int WindowMinutes { get; set; } = 240;

    /// <summary>The label that names an alert's service; alerts without it fall back to <c>job</c>, <c>app</c>, <c>namespace</c>.</summary>
    public string ServiceLabel { get; set; } = "service";

    /// <summary>Severity by <c>severity</c> label value: <c>Alerts__Severity__critical=sev1</c>; <c>none</c> removes a default.</summary>
    public Dictionary<string, string> Severity { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public HeartbeatOptions Heartbeat { get; set; } = new();

    public GrafanaOptions Grafana { get; set; } = new();

    public SnsOptions Sns { get; set; } = new();

    public sealed class HeartbeatOptions
    {
        /// <summary>Alert names that are heartbeats, comma-separated: always firing while monitoring works (Prometheus's Watchdog).</summary>
        public string Names { get; set; } = "Watchdog,DeadMansSwitch";

        /// <summary>A heartbeat that was seen and is then silent this long opens a Detected incident.</summary>
        public double TimeoutMinutes { get; set; } = 10;

        public IReadOnlyList<string> NameList => [.. Names.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
    }

    public sealed class GrafanaOptions
    {
        /// <summary>When set, Grafana's <c>X-Grafana-Alerting-Signature</c> HMAC is required and checked.</summary>
        public string? Secret { get; set; }

        public string SignatureHeader { get; set; } = "X-Grafana-Alerting-Signature";

        /// <summary>The timestamp header Grafana was configured to send, if any (its value is then signed too).</summary>
        public string? TimestampHeader { get; set; }
    }

    public sealed class SnsOptions
    {
        /// <summary>Topic ARNs whose messages are accepted, comma-separated; <c>*</c> is a wildcard. None: every SNS message is refused.</summary>
        public string? AllowedTopicArns { get; set; }

        /// <summary>Where signing certificates are looked up (by the URL's last segment) before any download.</summary>
        public string? CertificateDirectory { get; set; }

        /// <summary>Refuse certificates outside their validity period (turned off only to test with old recorded messages).</summary>
        public bool CheckCertificateExpiry { get; set; } = true;

        public IReadOnlyList<string> AllowedTopics => [.. (AllowedTopicArns ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
    }
}
