namespace IncidentBot.Chat.Slack;

/// <summary>A Web API call Slack did not accept: <c>ok:false</c>, HTTP 429, or a failure on the way.</summary>
public sealed class SlackApiException : Exception
{
    public SlackApiException()
    {
    }

    public SlackApiException(string message)
        : base(message)
    {
    }

    public SlackApiException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public SlackApiException(string method, string error, TimeSpan? retryAfter, bool transient, Exception? inner = null)
        : base($"Slack {method} failed: {error}. {Advice(error)}", inner)
    {
        Method = method;
        Error = error;
        RetryAfter = retryAfter;
        Transient = transient;
    }

    public string Method { get; } = "";

    /// <summary>Slack's error code (<c>channel_not_found</c>), or <c>ratelimited</c>, <c>http_503</c>, <c>network</c>.</summary>
    public string Error { get; } = "";

    /// <summary>Set for HTTP 429: how long Slack asked this method to wait.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>True when the same call may well succeed later without anyone changing anything.</summary>
    public bool Transient { get; }

    /// <summary>True when the message can never be delivered as it is (retrying would block its queue forever).</summary>
    public bool Undeliverable => Error is "channel_not_found" or "is_archived" or "msg_too_long" or "invalid_blocks"
        or "too_many_attachments" or "message_not_found" or "cant_update_message" or "user_not_in_channel" or "invalid_arguments";

    /// <summary>What an operator should do about an error, for log lines and replies.</summary>
    public static string Advice(string error) => error switch
    {
        "invalid_auth" or "not_authed" or "token_revoked" or "account_inactive" =>
            "Slack__BotToken is wrong or revoked: reinstall the app and copy the Bot User OAuth Token (xoxb-…).",
        "missing_scope" => "The app lacks a scope: reinstall it from slack/manifest.yml so it has every scope listed there.",
        "restricted_action" => "The workspace does not let apps do this (e.g. create channels): ask a Slack admin to allow it.",
        "channel_not_found" => "The channel is gone or the bot cannot see it: invite the bot (/invite @IncidentBot) or check the channel id.",
        "not_in_channel" => "The bot is not a member of the channel: /invite @IncidentBot there.",
        "name_taken" => "A channel of that name exists already.",
        "is_archived" => "The channel is archived: unarchive it or start a new incident room.",
        "ratelimited" => "Slack asked the bot to slow down; it waits as told.",
        "paced" => "The bot is keeping to Slack's rate for this right now; try again in a few seconds.",
        _ when error.StartsWith("http_", StringComparison.Ordinal) || error == "network" => "Slack did not answer; the bot retries.",
        _ => "See https://api.slack.com/methods for the method's errors.",
    };
}
