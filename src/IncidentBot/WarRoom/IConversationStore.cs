namespace IncidentBot.WarRoom;

/// <summary>
/// One exchange in a web room: what someone typed and the bot's reply (the page's JSON form, null
/// when it was not for this viewer), and the sender's request key (only for the sender).
/// </summary>
public sealed record ConversationEntry(long Seq, string Room, DateTimeOffset At, string User, string Said, string? ReplyJson, ConversationPrivacy Privacy)
{
    /// <summary>The request's key (<c>api:user:key</c>): a retried request is kept once.</summary>
    public string? RequestKey { get; init; }

    /// <summary>What <paramref name="viewer"/> may see of it: the reply when it is public or theirs, the request's key only when theirs.</summary>
    public ConversationEntry SeenBy(string? viewer)
    {
        var mine = viewer is not null && string.Equals(User, viewer, StringComparison.OrdinalIgnoreCase);
        return this with { ReplyJson = Privacy == ConversationPrivacy.Public || mine ? ReplyJson : null, RequestKey = mine ? RequestKey : null };
    }
}

/// <summary>Who sees an exchange: everyone; everyone the command but only its sender the reply (a note's "Noted"); only its sender (a refusal).</summary>
public enum ConversationPrivacy
{
    Public = 0,
    ReplyToSender = 2,
    SenderOnly = 1,
}

/// <summary>The web page's conversations, kept per room by the server.</summary>
public interface IConversationStore
{
    /// <summary>Keeps a batch of exchanges in one transaction; the rooms that got one (a retried request's second copy is not kept).</summary>
    Task<IReadOnlyList<string>> AppendAsync(IReadOnlyList<ConversationEntry> entries, CancellationToken cancellationToken);

    /// <summary>The newest <paramref name="limit"/> exchanges of <paramref name="room"/> between <paramref name="after"/> and <paramref name="before"/>, oldest first, as <paramref name="viewer"/> may see them.</summary>
    Task<IReadOnlyList<ConversationEntry>> ReadAsync(string room, long after, long before, int limit, string? viewer, CancellationToken cancellationToken);
}
