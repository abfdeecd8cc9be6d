namespace IncidentBot.Chat.Slack;

/// <summary>The <c>Slack</c> configuration section.</summary>
public sealed class SlackOptions
{
    /// <summary>Verifies every HTTP request from Slack. Without it the Slack endpoints refuse everything.</summary>
    public string? SigningSecret { get; set; }

    /// <summary>The bot token (<c>xoxb-…</c>) the bot calls the Web API with.</summary>
    public string? BotToken { get; set; }

    /// <summary>The app-level token (<c>xapp-…</c>); when set, the bot also takes requests over Socket Mode.</summary>
    public string? AppToken { get; set; }

    public Uri ApiBaseUrl { get; set; } = new("https://slack.com/api/");

    /// <summary>The channel (id) where every new incident is announced; none when empty.</summary>
    public string? BroadcastChannel { get; set; }

    /// <summary>User ids invited to every war room, comma-separated.</summary>
    public string? Responders { get; set; }

    /// <summary>The bot's public address, for links to the incident page (bookmark, announcement).</summary>
    public Uri? PublicUrl { get; set; }

    /// <summary>Socket Mode connections kept open at once (Slack allows up to 10).</summary>
    public int SocketConnections { get; set; } = 2;

    /// <summary>How long a call to Slack may take before it counts as failed and is retried (a Slack that hangs).</summary>
    public double TimeoutSeconds { get; set; } = 15;

    /// <summary>The first wait after a failed delivery; it doubles up to <see cref="RetryMaxSeconds"/>.</summary>
    public double RetryBaseSeconds { get; set; } = 1;

    public double RetryMaxSeconds { get; set; } = 60;

    /// <summary>Least time between two messages the bot posts or updates in one channel (Slack asks for about one a second).</summary>
    public double ChannelIntervalSeconds { get; set; } = 1;

    public bool Enabled => !string.IsNullOrEmpty(BotToken);

    public IReadOnlyList<string> ResponderIds =>
        [.. (Responders ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}
