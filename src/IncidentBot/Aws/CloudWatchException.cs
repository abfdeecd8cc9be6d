namespace IncidentBot.Aws;

/// <summary>CloudWatch refused or failed a call: its error code, its message, and whether trying again may help.</summary>
public sealed class CloudWatchException(string code, string message, bool retryable) : Exception($"{code}: {message}")
{
    public string Code { get; } = code;
    public string Detail { get; } = message;
    public bool Retryable { get; } = retryable;

    /// <summary>What a person reads in a check's result: the problem and what to do about it.</summary>
    public string Advice => Code switch
    {
        "AccessDenied" or "AccessDeniedException" or "UnauthorizedOperation" =>
            $"CloudWatch refused access ({Code}: {Detail}). Give the bot's credentials cloudwatch:GetMetricData and cloudwatch:DescribeAlarms.",
        "Throttling" or "ThrottlingException" or "RequestLimitExceeded" or "TooManyRequestsException" =>
            $"CloudWatch is throttling the bot ({Code}); it tries again next minute.",
        "NoCredentials" => $"CloudWatch cannot be read: {Detail}. Set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE, or run the bot with a role.",
        "NotConfigured" => $"CloudWatch is not configured: {Detail}",
        "InvalidClientTokenId" or "SignatureDoesNotMatch" or "ExpiredToken" =>
            $"CloudWatch did not accept the bot's credentials ({Code}: {Detail}). Check the key, its secret and the clock.",
        _ => $"CloudWatch answered {Code}: {Detail}",
    };
}
