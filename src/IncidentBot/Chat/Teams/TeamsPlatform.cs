using IncidentBot.Workflows.Chat;
using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Language;
using IncidentBot.Workflows.Outbox;

namespace IncidentBot.Chat.Teams;

/// <summary>Microsoft Teams as one of the bot's chat platforms: its name, its rooms and its message keys.</summary>
public static class TeamsPlatform
{
    public const string Name = "teams";

    /// <summary>The platform as the outbox policy knows it; its words are in the language of the moment (call it under the installation's).</summary>
    public static ChatPlatform Describe(TeamsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new(Name, "Microsoft Teams")
        {
            OpensRooms = options.ChannelMode ? !string.IsNullOrEmpty(options.TeamId) : !string.IsNullOrEmpty(options.IncidentsChannel),
            Announces = !string.IsNullOrEmpty(options.IncidentsChannel),
            Opening = options.ChannelMode
                ? Say.T("Its war room is being opened as a channel of its own in the team", "対応チャンネルをチーム内の専用チャンネルとして作成しています")
                : Say.T("Its war room is a thread of its own in the incidents channel, opening now", "対応チャンネルをインシデントチャンネル内の専用スレッドとして作成しています"),
        };
    }

    /// <summary>A Teams conversation as a room: its id, with the service URL and tenant to reach it.</summary>
    public static RoomAddress Room(string conversation, string? serviceUrl, string? tenant) =>
        new(Name, conversation) { ServiceUrl = serviceUrl, Tenant = tenant };

    /// <summary>The channel a conversation is in: a thread's id is its channel's with <c>;messageid=…</c>.</summary>
    public static string ChannelOf(string conversation)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        var at = conversation.IndexOf(";messageid=", StringComparison.Ordinal);
        return at < 0 ? conversation : conversation[..at];
    }

    public static string Kept(string what, IncidentId id) => OutboxNames.Posted(Name, what, id);
}
