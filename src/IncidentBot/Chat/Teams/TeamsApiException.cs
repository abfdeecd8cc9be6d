namespace IncidentBot.Chat.Teams;

/// <summary>A call to Teams (the Bot Connector, Graph, the token service) that did not succeed, with what to do about it.</summary>
public sealed class TeamsApiException : Exception
{
    public TeamsApiException()
    {
    }

    public TeamsApiException(string message)
        : base(message)
    {
    }

    public TeamsApiException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public TeamsApiException(string operation, string error, string advice, TimeSpan? retryAfter, bool transient, Exception? inner = null)
        : base($"Teams {operation} failed: {error}. {advice}", inner)
    {
        Operation = operation;
        Error = error;
        Advice = advice;
        RetryAfter = retryAfter;
        Transient = transient;
    }

    /// <summary>The bot keeps to Teams' limits for a conversation: the call was not made, and may be made after <see cref="RetryAfter"/>.</summary>
    public const string Paced = "paced";

    public string Operation { get; } = "";

    /// <summary><c>http_403</c>, <c>http_429</c>, <c>network</c>, <c>paced</c>, or the error the token service gave.</summary>
    public string Error { get; } = "";

    public string Advice { get; } = "";

    public TimeSpan? RetryAfter { get; }

    public bool Transient { get; }

    /// <summary>True when the message can never be delivered as it is: the conversation is gone or the bot is not in it, or Teams refuses the message itself.</summary>
    public bool Undeliverable => Error is "http_400" or "http_403" or "http_404" or "http_413";
}
