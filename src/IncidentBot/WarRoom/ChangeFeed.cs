using System.Collections.Concurrent;
using System.Net.ServerSentEvents;
using System.Threading.Channels;
using IncidentBot.Workflows.Incidents;

namespace IncidentBot.WarRoom;

/// <summary>
/// Tells open war room pages what changed, so they refresh without reloading: <c>changed</c> with an
/// incident id when its events were committed, <c>said</c> with a room when an exchange was kept in
/// it. Best effort and in memory: a page that misses a notice still shows the truth on its next fetch.
/// </summary>
public sealed class ChangeFeed : IIncidentObserver
{
    private readonly ConcurrentDictionary<Guid, Channel<SseItem<string>>> _subscribers = new();

    public void Changed(IncidentId incident) => Publish(new SseItem<string>(incident.ToString(), "changed"));

    /// <summary>An exchange was kept in <paramref name="room"/>.</summary>
    public void Said(string room) => Publish(new SseItem<string>(room, "said"));

    private void Publish(SseItem<string> item)
    {
        foreach (var subscriber in _subscribers.Values)
        {
            subscriber.Writer.TryWrite(item);
        }
    }

    public async IAsyncEnumerable<SseItem<string>> SubscribeAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var key = Guid.NewGuid();
        // A slow page drops its oldest notices rather than holding the bot's memory.
        var channel = Channel.CreateBounded<SseItem<string>>(new BoundedChannelOptions(64) { FullMode = BoundedChannelFullMode.DropOldest });
        _subscribers[key] = channel;
        try
        {
            await foreach (var item in channel.Reader.ReadAllAsync(cancellationToken))
            {
                yield return item;
            }
        }
        finally
        {
            _subscribers.TryRemove(key, out _);
        }
    }
}
