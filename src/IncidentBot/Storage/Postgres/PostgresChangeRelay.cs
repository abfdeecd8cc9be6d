using System.Text;
using IncidentBot.Hosting;
using IncidentBot.WarRoom;
using IncidentBot.Workflows.Incidents;
using Npgsql;

namespace IncidentBot.Storage.Postgres;

/// <summary>
/// Tells the other replicas what this one committed, and this one what they did, over PostgreSQL's
/// LISTEN/NOTIFY: a page open on replica A shows a note typed through replica B at once, and a queue
/// A delivers wakes when B's command queued a message in it. Notices go out after their commit,
/// gathered for a few milliseconds into one NOTIFY (never inside a command's transaction, whose
/// commit they would slow). Best effort, as the in-process feed: a notice lost while the listening
/// connection was down costs a page its live update (it is right on its next fetch) and delivery a
/// poll (at most a second); after such a gap every queue is looked at again.
/// </summary>
internal sealed class PostgresChangeRelay(
    PostgresIncidentStore store,
    ChangeFeed feed,
    IEnumerable<IRemoteChangeObserver> observers,
    TimeProvider clock,
    ILogger<PostgresChangeRelay> logger,
    Workflows.Commands.CommandDispatcher? dispatcher = null) : BackgroundService
{
    public const string Channel = "incidentbot_changes";

    /// <summary>PostgreSQL's limit on a notice is 8000 bytes; one notice carries this much at most.</summary>
    private const int MaxPayload = 7000;
    private static readonly TimeSpan Gather = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan Liveness = TimeSpan.FromSeconds(30);

    private readonly IRemoteChangeObserver[] _observers = [.. observers];
    private readonly HashSet<string> _pending = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _wake = new(0, 1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        feed.Local += Enqueue;
        store.RoomsChanged += RoomsMoved;
        try
        {
            await Task.WhenAll(ListenAsync(stoppingToken), SendAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            feed.Local -= Enqueue;
            store.RoomsChanged -= RoomsMoved;
        }
    }

    private void RoomsMoved() => Enqueue("rooms", "");

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }

    private void Enqueue(string kind, string what)
    {
        lock (_pending)
        {
            _pending.Add(kind + ":" + what);
        }

        if (_wake.CurrentCount == 0)
        {
            try
            {
                _wake.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already woken.
            }
        }
    }

    private async Task SendAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await _wake.WaitAsync(cancellationToken);
            await Task.Delay(Gather, clock, cancellationToken);
            string[] lines;
            lock (_pending)
            {
                lines = [.. _pending];
                _pending.Clear();
            }

            try
            {
                await using var connection = await store.Source.OpenConnectionAsync(cancellationToken);
                foreach (var payload in Payloads(store.Replica.Owner, lines))
                {
                    await PostgresIncidentStore.ExecuteAsync(connection, "SELECT pg_notify($1, $2)", [Channel, payload], cancellationToken);
                }
            }
            catch (NpgsqlException ex)
            {
                logger.LogWarning("Could not tell the other replicas about {Count} changes ({Error}); their pages catch up on the next change", lines.Length, ex.Message);
            }
        }
    }

    /// <summary>The notices to send: the sender's name on the first line, then one change per line, split to fit.</summary>
    internal static IEnumerable<string> Payloads(string owner, IReadOnlyList<string> lines)
    {
        var payload = new StringBuilder(owner);
        var count = 0;
        foreach (var line in lines)
        {
            if (count > 0 && Encoding.UTF8.GetByteCount(payload.ToString()) + Encoding.UTF8.GetByteCount(line) + 1 > MaxPayload)
            {
                yield return payload.ToString();
                payload.Clear().Append(owner);
                count = 0;
            }

            payload.Append('\n').Append(line.Length > MaxPayload / 8 ? line[..(MaxPayload / 8)] : line); // at most 4 bytes a character: far within the limit
            count++;
        }

        if (count > 0)
        {
            yield return payload.ToString();
        }
    }

    private async Task ListenAsync(CancellationToken cancellationToken)
    {
        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await store.Source.OpenConnectionAsync(cancellationToken);
                connection.Notification += (_, notice) => Received(notice.Payload);
                await PostgresIncidentStore.ExecuteAsync(connection, $"LISTEN {Channel}", [], cancellationToken);
                if (failures > 0)
                {
                    logger.LogInformation("Listening to the other replicas again");
                }

                // Whatever was said before this connection listened (since start, or during a gap) is missed.
                Missed();

                failures = 0;
                try
                {
                    while (!cancellationToken.IsCancellationRequested)
                    {
                        // Quiet for a while: ask the server something, so a connection that died silently
                        // (a half-open socket after a failover) fails here and is opened again.
                        if (!await connection.WaitAsync(Liveness, cancellationToken))
                        {
                            await PostgresIncidentStore.ExecuteAsync(connection, "SELECT 1", [], cancellationToken);
                        }
                    }
                }
                finally
                {
                    await UnlistenAsync(connection);
                }
            }
            catch (NpgsqlException ex)
            {
                failures++;
                logger.LogWarning("Not hearing the other replicas' changes ({Error}); listening again shortly", ex.Message);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(30, failures)), clock, cancellationToken);
            }
        }
    }

    /// <summary>Stops listening before the connection goes back to the pool (connections are not reset there).</summary>
    private static async Task UnlistenAsync(NpgsqlConnection connection)
    {
        try
        {
            await PostgresIncidentStore.ExecuteAsync(connection, "UNLISTEN *", [], CancellationToken.None);
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
        {
            // Broken: the pool discards it.
        }
    }

    /// <summary>What another replica said it committed, handed to whatever reacts here.</summary>
    internal void Received(string payload)
    {
        var lines = payload.Split('\n');
        if (lines[0] == store.Replica.Owner)
        {
            return; // this replica's own, already told in process
        }

        foreach (var line in lines.Skip(1))
        {
            var (kind, what) = (line.Split(':', 2)[0], line.Split(':', 2).ElementAtOrDefault(1) ?? "");
            if (kind == "rooms")
            {
                store.ForgetRooms();
                continue;
            }

            // The dispatcher first: whatever reacts below and reads the incident must see the change.
            if (kind == "changed" && IncidentId.TryParse(what, out var changed))
            {
                dispatcher?.ChangedElsewhere(changed);
            }

            foreach (var observer in _observers)
            {
                if (kind == "changed" && IncidentId.TryParse(what, out var incident))
                {
                    observer.ChangedElsewhere(incident);
                }
                else if (kind == "said")
                {
                    observer.SaidElsewhere(what);
                }
            }
        }
    }

    /// <summary>On listening (at start and after a gap): rooms are asked again, and deliveries look at every queue.</summary>
    private void Missed()
    {
        store.ForgetRooms();
        dispatcher?.MissedElsewhere();
        foreach (var observer in _observers.OfType<Chat.OutboxSignal>())
        {
            observer.Poke();
        }
    }
}
