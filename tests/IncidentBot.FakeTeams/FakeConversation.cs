using System.Text.Json.Nodes;

namespace IncidentBot.FakeTeams;

/// <summary>A message the bot posted: the activity as last sent, and every version before it.</summary>
public sealed class FakeTeamsMessage(string id, JsonObject activity)
{
    private readonly List<JsonObject> _versions = [activity];
    private readonly Lock _gate = new();

    public string Id { get; } = id;

    public JsonObject Activity
    {
        get
        {
            lock (_gate)
            {
                return _versions[^1];
            }
        }
    }

    public int Updates
    {
        get
        {
            lock (_gate)
            {
                return _versions.Count - 1;
            }
        }
    }

    /// <summary>The Adaptive Card the message shows, if it is one.</summary>
    public JsonObject? Card => Activity["attachments"]?.AsArray()
        .FirstOrDefault(a => a?["contentType"]?.GetValue<string>() == "application/vnd.microsoft.card.adaptive")?["content"]?.AsObject();

    /// <summary>Everything the card or text says, for assertions about what a reader sees.</summary>
    public string Text => (Activity["text"]?.GetValue<string>() ?? "") + "\n" + (Card is { } card ? string.Join("\n", Strings(card)) : "");

    internal void Update(JsonObject activity)
    {
        lock (_gate)
        {
            _versions.Add(activity);
        }
    }

    private static IEnumerable<string> Strings(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => p.Key is "text" or "title" or "value" && p.Value is JsonValue v && v.TryGetValue<string>(out var s) ? [s] : Strings(p.Value)),
        JsonArray a => a.SelectMany(Strings),
        _ => [],
    };
}

/// <summary>A Teams conversation: a channel, a thread in one (<c>19:…;messageid=…</c>), or a 1:1 chat.</summary>
public sealed class FakeConversation(string id, string kind, string? name = null)
{
    private readonly List<FakeTeamsMessage> _messages = [];
    private readonly Lock _gate = new();

    public string Id { get; } = id;

    /// <summary><c>channel</c>, <c>thread</c> or <c>personal</c>.</summary>
    public string Kind { get; } = kind;

    public string? Name { get; } = name;

    /// <summary>The person a 1:1 chat is with.</summary>
    public string? Member { get; init; }

    /// <summary>When set, every post here is answered with this status (403: the bot was removed; 404: deleted).</summary>
    public int? Refuse { get; set; }

    public IReadOnlyList<FakeTeamsMessage> Messages
    {
        get
        {
            lock (_gate)
            {
                return [.. _messages];
            }
        }
    }

    public FakeTeamsMessage? Message(string id)
    {
        lock (_gate)
        {
            return _messages.FirstOrDefault(m => m.Id == id);
        }
    }

    internal void Add(FakeTeamsMessage message)
    {
        lock (_gate)
        {
            _messages.Add(message);
        }
    }
}
