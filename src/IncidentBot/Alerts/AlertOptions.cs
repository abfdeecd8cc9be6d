namespace IncidentBot.Alerts;

/// <summary>The <c>Alerts</c> configuration section.</summary>
public sealed class AlertOptions
{
    /// <summary>The bearer token Alertmanager, Grafana and generic senders present. Without it those endpoints refuse everything.</summary>
    public string? Token { get; set; }

    /// <summary>Labels that make a group (one incident), comma-separated; <c>alertname</c> is the alert's name.</summary>
    public string GroupBy { get; set; } = "alertname,service";

    /// <summary>An alert joins its group's open incident if the group was heard of within this many minutes.</summary>
    public int WindowMinutes { get; set; } = 240;

    public GrafanaOptions Grafana { get; set; } = new();

    public SnsOptions Sns { get; set; } = new();

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
