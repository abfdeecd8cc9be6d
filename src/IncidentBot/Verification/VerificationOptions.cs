namespace IncidentBot.Verification;

/// <summary>The <c>Verification</c> configuration section.</summary>
public sealed class VerificationOptions
{
    /// <summary>How often checks are read while an incident is verifying, in seconds.</summary>
    public int IntervalSeconds { get; set; } = 60;

    /// <summary>How long checks may take to pass after the incident enters verifying; then they time out.</summary>
    public int TimeoutMinutes { get; set; } = 30;

    /// <summary>How often a check whose state has not changed is recorded again anyway (quietly, not posted), in minutes.</summary>
    public int RefreshMinutes { get; set; } = 5;

    /// <summary>How much of an alarm's metric before detection is kept on the timeline, in minutes.</summary>
    public int EvidenceMinutes { get; set; } = 60;

    /// <summary>How much of a check's metric its chart shows, at least its own window, in minutes.</summary>
    public int ChartMinutes { get; set; } = 30;
}
