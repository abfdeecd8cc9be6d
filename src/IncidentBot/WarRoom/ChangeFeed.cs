using System.Collections.Concurrent;
using System.Threading.Channels;
using IncidentBot.Workflows.Incidents;

namespace IncidentBot.WarRoom;

/// <summary>
/// Tells open war room pages which incident changed, so they refresh without reloading. Best
/// effort and in memory: a page that misses a notice still shows the truth on its next fetch.
/// </summary>
public sealed class ChangeFeed : IIncidentObserver
{
    private readonly ConcurrentDictionary<Guid, Channel<string>> _subscribers = new();

    public void Changed(IncidentId incident)
    {
        foreach (var subscriber in _subscribers.Values)
        {
            subscriber.Writer.TryWrite(incident.ToString());
        }
    }

    public async IAsyncEnumerable<string> SubscribeAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var key = Guid.NewGuid();
        // A slow page drops its oldest notices rather than holding the bot's memory.
        var channel = Channel.CreateBounded<string>(new BoundedChannelOptions(64) { FullMode = BoundedChannelFullMode.DropOldest });
        _subscribers[key] = channel;
        try
        {
            await foreach (var id in channel.Reader.ReadAllAsync(cancellationToken))
            {
                yield return id;
            }
        }
        finally
        {
            _subscribers.TryRemove(key, out _);
        }
    }
}
