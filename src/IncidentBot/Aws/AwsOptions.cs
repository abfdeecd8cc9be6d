namespace IncidentBot.Aws;

/// <summary>The <c>AWS</c> configuration section: where CloudWatch is. Credentials come from the SDK's standard chain.</summary>
public sealed class AwsOptions
{
    /// <summary>The region CloudWatch is read in, e.g. <c>ap-northeast-1</c>. Falls back to <c>AWS_REGION</c> / <c>AWS_DEFAULT_REGION</c>.</summary>
    public string? Region { get; set; }

    /// <summary>Another CloudWatch endpoint (tests point it at a loopback fake); default <c>https://monitoring.&lt;region&gt;.amazonaws.com/</c>.</summary>
    public string? ServiceUrl { get; set; }

    /// <summary>How long one CloudWatch call may take, in seconds.</summary>
    public int TimeoutSeconds { get; set; } = 10;

    /// <summary>The region in use, or null when none is configured anywhere.</summary>
    public string? EffectiveRegion =>
        Region is { Length: > 0 } region ? region
        : Environment.GetEnvironmentVariable("AWS_REGION") is { Length: > 0 } env ? env
        : Environment.GetEnvironmentVariable("AWS_DEFAULT_REGION") is { Length: > 0 } fallback ? fallback
        : null;
}
