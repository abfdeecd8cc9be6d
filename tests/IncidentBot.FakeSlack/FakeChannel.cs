using System.Collections.Concurrent;

namespace IncidentBot.FakeSlack;

/// <summary>A channel and what the bot did in it.</summary>
public sealed class FakeChannel(string id, string name)
{
    private readonly List<FakeMessage> _messages = [];
    private readonly Dictionary<string, List<FakeMessage>> _threads = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public string Id { get; } = id;
    public string Name { get; } = name;
    public string? Topic { get; set; }

    /// <summary>When set, every chat.postMessage to this channel gets this error (<c>not_in_channel</c>: the bot was never invited).</summary>
    public string? RefusePosts { get; set; }

    public ConcurrentBag<string> Members { get; } = [];
    public ConcurrentBag<string> Pins { get; } = [];
    public ConcurrentQueue<(string User, string Text)> Ephemeral { get; } = new();
    public ConcurrentQueue<(string Title, string Link)> Bookmarks { get; } = new();

    public IReadOnlyList<FakeMessage> Messages
    {
        get
        {
            lock (_gate)
            {
                return [.. _messages];
            }
        }
    }

    internal void Add(FakeMessage message)
    {
        lock (_gate)
        {
            _messages.Add(message);
        }
    }

    /// <summary>The replies in the thread under the message <paramref name="ts"/>, oldest first.</summary>
    public IReadOnlyList<FakeMessage> Replies(string ts)
    {
        lock (_gate)
        {
            return _threads.TryGetValue(ts, out var replies) ? [.. replies] : [];
        }
    }

    internal bool Reply(string thread, FakeMessage message)
    {
        lock (_gate)
        {
            if (_messages.All(m => m.Ts != thread))
            {
                return false;
            }

            if (!_threads.TryGetValue(thread, out var replies))
            {
                _threads[thread] = replies = [];
            }

            replies.Add(message);
            return true;
        }
    }

    internal bool Update(string ts, string text, string? blocks)
    {
        lock (_gate)
        {
            var index = _messages.FindIndex(m => m.Ts == ts);
            if (index < 0)
            {
                return false;
            }

            _messages[index] = _messages[index] with { Text = text, Blocks = blocks, Updates = _messages[index].Updates + 1 };
            return true;
        }
    }

    internal bool Pin(string ts)
    {
        if (Messages.All(m => m.Ts != ts))
        {
            return false;
        }

        Pins.Add(ts);
        return true;
    }
}
