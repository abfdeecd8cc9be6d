using System.Globalization;
using IncidentBot.Workflows.Chat;
using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Language;
using IncidentBot.Workflows.Outbox;

namespace IncidentBot.Chat.Slack;

/// <summary>Slack as one of the bot's chat platforms: its name, its rooms and its message keys.</summary>
public static class SlackPlatform
{
    public const string Name = "slack";

    /// <summary>The platform as the outbox policy knows it; its words are in the language of the moment (call it under the installation's).</summary>
    public static ChatPlatform Describe(SlackOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new(Name, "Slack")
        {
            OpensRooms = true,
            Announces = !string.IsNullOrEmpty(options.BroadcastChannel),
            Opening = Say.T("Its war room channel is being opened and you will be invited", "対応チャンネルを作成しています。作成後に招待されます"),
        };
    }

    /// <summary>A Slack channel (<c>C0123ABCD</c>) as a room.</summary>
    public static RoomAddress Room(string channel) => new(Name, channel);

    /// <summary>The Slack channel of <paramref name="room"/>, or null when the room is on another platform.</summary>
    public static string? ChannelOf(RoomAddress? room) => room?.Platform == Name ? room.Conversation : null;

    /// <summary>The key of a message the bot keeps current in Slack: <c>slack:card:INC-0042</c>.</summary>
    public static string Kept(string what, IncidentId id) => OutboxNames.Posted(Name, what, id);

    public static string Permalink(string channel, string ts) =>
        $"https://slack.com/archives/{channel}/p{ts.Replace(".", "", StringComparison.Ordinal)}";

    /// <summary>When a message was posted, from its <c>ts</c> (seconds since the epoch, with microseconds).</summary>
    public static DateTimeOffset? TimeOf(string ts) =>
        decimal.TryParse(ts, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000))
            : null;
}
