using System.Collections.Concurrent;
using System.Net.ServerSentEvents;
using System.Threading.Channels;
using IncidentBot.Workflows.Incidents;

namespace IncidentBot.WarRoom;

/// <summary>
/// Tells open war room pages what changed, so they refresh without reloading: <c>changed</c> with an
/// incident id when its events were committed, <c>said</c> with a room when an exchange was kept in
/// it. Best effort and in memory: a page that misses a notice still shows the truth on its next fetch.
/// With several replicas, what this one commits is also told to the others (<see cref="Local"/>), and
/// what they commit reaches this one's pages (<see cref="IRemoteChangeObserver"/>).
/// </summary>
public sealed class ChangeFeed(TimeProvider clock) : IIncidentObserver, Hosting.IRemoteChangeObserver
{
    /// <summary>Raised for every notice of this replica's own: kind ("changed" or "said") and what.</summary>
    public event Action<string, string>? Local;

    /// <summary>A quiet stream says "ping" this often, so proxies that cut idle connections leave it open.</summary>
    public static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(20);

    private readonly ConcurrentDictionary<Guid, Channel<SseItem<string>>> _subscribers = new();

    public void Changed(IncidentId incident)
    {
        Publish(new SseItem<string>(incident.ToString(), "changed"));
        Local?.Invoke("changed", incident.ToString());
    }

    /// <summary>An exchange was kept in <paramref name="room"/>.</summary>
    public void Said(string room)
    {
        Publish(new SseItem<string>(room, "said"));
        Local?.Invoke("said", room);
    }

    public void ChangedElsewhere(IncidentId incident) => Publish(new SseItem<string>(incident.ToString(), "changed"));

    public void SaidElsewhere(string room) => Publish(new SseItem<string>(room, "said"));

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
            while (!cancellationToken.IsCancellationRequested)
            {
                if (!await QuietForAsync(channel.Reader, cancellationToken))
                {
                    yield return new SseItem<string>("", "ping");
                    continue;
                }

                while (channel.Reader.TryRead(out var item))
                {
                    yield return item;
                }
            }
        }
        finally
        {
            _subscribers.TryRemove(key, out _);
        }
    }

    /// <summary>True when something is waiting; false when <see cref="KeepAlive"/> passed with nothing.</summary>
    private async Task<bool> QuietForAsync(ChannelReader<SseItem<string>> reader, CancellationToken cancellationToken)
    {
        using var quiet = new CancellationTokenSource(KeepAlive, clock);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(quiet.Token, cancellationToken);
        try
        {
            return await reader.WaitToReadAsync(either.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
