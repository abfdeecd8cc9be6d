using IncidentBot.Workflows.Chat;
using IncidentBot.Workflows.Incidents;

namespace IncidentBot.Workflows.Outbox;

/// <summary>
/// How outbox messages and kept-current messages are named: every kind, queue and key carries its
/// platform, so two platforms never share a queue or overwrite each other's card.
/// </summary>
public static class OutboxNames
{
    /// <summary>Open the incident's war room (create, invite, topic, card, board, announce).</summary>
    public const string Room = "room";

    /// <summary>Post a reply in the incident's room (or, with no room, where the incident was announced).</summary>
    public const string Post = "post";

    /// <summary>Bring the incident's kept-current messages (card, board, alerts, notice, topic) up to date.</summary>
    public const string Card = "card";

    /// <summary>Announce the incident in the platform's announcement channel.</summary>
    public const string Notice = "notice";

    /// <summary>Tell one person something privately (why their button press was refused).</summary>
    public const string Explain = "explain";

    /// <summary>Answer a command in the conversation it was typed in, on a platform whose requests carry no answer of their own.</summary>
    public const string Answer = "answer";

    public static string Kind(string platform, string action) => $"{platform}.{action}";

    /// <summary>The platform and action of a kind (<c>slack.post</c> → slack, post).</summary>
    public static (string Platform, string Action) Split(string kind)
    {
        ArgumentNullException.ThrowIfNull(kind);
        var dot = kind.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? ("", kind) : (kind[..dot], kind[(dot + 1)..]);
    }

    /// <summary>The incident's queue on a platform: its room, then its posts, in order.</summary>
    public static string RoomQueue(string platform, IncidentId id) => $"{platform}:{id}";

    /// <summary>
    /// The incident's announcement on a platform, a queue of its own: an announcement channel the bot
    /// cannot post in delays the announcement, never the war room.
    /// </summary>
    public static string NoticeQueue(string platform, IncidentId id) => $"{platform}.notice:{id}";

    /// <summary>The incident's refreshes on a platform, one pending at a time.</summary>
    public static string CardQueue(string platform, IncidentId id) => $"{platform}.card:{id}";

    public static string AnswerQueue(RoomAddress room)
    {
        ArgumentNullException.ThrowIfNull(room);
        return $"{room.Platform}.answer:{room.Conversation}";
    }

    public static string ExplainQueue(RoomAddress room)
    {
        ArgumentNullException.ThrowIfNull(room);
        return $"{room.Platform}.explain:{room.Conversation}";
    }

    /// <summary>The key of a message kept current on a platform: <c>slack:card:INC-0042</c>.</summary>
    public static string Posted(string platform, string what, IncidentId id) => $"{platform}:{what}:{id}";
}
