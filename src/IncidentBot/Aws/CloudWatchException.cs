using IncidentBot.Workflows.Language;

namespace IncidentBot.Aws;

/// <summary>CloudWatch refused or failed a call: its error code, its message, and whether trying again may help.</summary>
public sealed class CloudWatchException(string code, string message, bool retryable) : Exception($"{code}: {message}")
{
    public string Code { get; } = code;
    public string Detail { get; } = message;
    public bool Retryable { get; } = retryable;

    /// <summary>What a person reads in a check's result: the problem and what to do about it.</summary>
    /// <remarks>
    /// In the bot's language. <see cref="Detail"/> is CloudWatch's own words where CloudWatch said it;
    /// where the bot wrote it (no credentials, no region), the Japanese says the same in full and keeps
    /// the detail after it, in parentheses, for whoever fixes the setting.
    /// </remarks>
    public string Advice => Code switch
    {
        "AccessDenied" or "AccessDeniedException" or "UnauthorizedOperation" => Say.T(
            $"CloudWatch refused access ({Code}: {Detail}). Give the bot's credentials cloudwatch:GetMetricData and cloudwatch:DescribeAlarms.",
            $"CloudWatch にアクセスを拒否されました（{Code}: {Detail}）。ボットの認証情報に cloudwatch:GetMetricData と cloudwatch:DescribeAlarms の権限を付与してください。"),
        "Throttling" or "ThrottlingException" or "RequestLimitExceeded" or "TooManyRequestsException" => Say.T(
            $"CloudWatch is throttling the bot ({Code}); it tries again next minute.",
            $"CloudWatch がボットの呼び出しを制限しています（{Code}）。1 分後に再試行します。"),
        "NoCredentials" => Say.T(
            $"CloudWatch cannot be read: {Detail}. Set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE, or run the bot with a role.",
            $"CloudWatch を読み取れません。AWS の認証情報（環境変数、プロファイル、インスタンスロール）が見つかりません。AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY か AWS_PROFILE を設定するか、ロールを付与してボットを実行してください。（{Detail}）"),
        "NotConfigured" => Say.T(
            $"CloudWatch is not configured: {Detail}",
            $"CloudWatch が設定されていません。AWS__Region（または AWS_REGION）にメトリクスのリージョンを設定してください。（{Detail}）"),
        "InvalidClientTokenId" or "SignatureDoesNotMatch" or "ExpiredToken" => Say.T(
            $"CloudWatch did not accept the bot's credentials ({Code}: {Detail}). Check the key, its secret and the clock.",
            $"CloudWatch がボットの認証情報を受け付けませんでした（{Code}: {Detail}）。アクセスキー、シークレット、時計を確認してください。"),
        _ => Say.T($"CloudWatch answered {Code}: {Detail}", $"CloudWatch の応答：{Code}: {Detail}"),
    };
}
