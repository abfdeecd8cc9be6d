using System.Runtime.CompilerServices;
using IncidentBot.Workflows.Incidents;
using Npgsql;

namespace IncidentBot.Storage.Postgres;

/// <summary>
/// Commands decided under the incident's row lock (<see cref="ILockedAppendStore"/>): one round trip
/// begins, locks the row and reads what other replicas appended since and which deliveries were already
/// answered; the caller decides on that; one round trip writes and commits. Nothing is ever refused for
/// being late, so replicas sharing a busy incident take turns instead of starving.
///
/// Locked commits of different incidents that wait at the same time share one transaction (rows
/// locked in number order, so two replicas never deadlock): eight busy incidents cost the server one
/// transaction, not eight, and a replica's turn at the locks is one turn for all of them.
/// </summary>
internal sealed partial class PostgresIncidentStore : ILockedAppendStore
{
    /// <summary>At most this many incidents per transaction: a storm of busy incidents still commits in bounded steps.</summary>
    private const int MaxLockedCalls = 64;

    /// <summary>SQLSTATE of a lock not granted within the transaction's <c>lock_timeout</c>.</summary>
    private const string LockNotAvailable = "55P03";

    /// <summary>After a shared transaction failed on a conflict, calls run alone for this long, so one incident's conflict does not keep failing the others'.</summary>
    private static readonly TimeSpan AloneAfterConflict = TimeSpan.FromSeconds(1);

    private readonly List<LockedCall> _lockedWaiting = [];
    private bool _lockedRunning;
    private long _aloneUntil;

    private sealed record LockedCall(IncidentId Incident, long After, IReadOnlyCollection<string> DeliveryKeys, Func<LockedRead, IReadOnlyList<Append>> Decide)
    {
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>
    /// Failures are told apart by what they mean for the caller: a conflict (a unique key taken, or a
    /// cached copy that is not the database's) is <see cref="ConcurrencyConflictException"/>, nothing
    /// written; a server that stops answering before the writes were sent is
    /// <see cref="StoreFault.Unreachable"/>, nothing written; after they were sent,
    /// <see cref="StoreFault.LostMidCommit"/>: the commit may have landed, so nobody may try it again blindly.
    /// </summary>
    public Task CommitLockedAsync(IncidentId incident, long after, IReadOnlyCollection<string> deliveryKeys, Func<LockedRead, IReadOnlyList<Append>> decide, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deliveryKeys);
        ArgumentNullException.ThrowIfNull(decide);
        var call = new LockedCall(incident, after, deliveryKeys, decide);
        bool start;
        lock (_lockedWaiting)
        {
            _lockedWaiting.Add(call);
            start = !_lockedRunning;
            _lockedRunning = true;
        }

        if (start)
        {
            _ = Task.Run(() => RunLockedAsync(CancellationToken.None), CancellationToken.None);
        }

        // Once taken into a transaction it commits or fails as a whole; a caller that gives up only stops waiting.
        return call.Done.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Runs the waiting calls, as many as are waiting (one per incident) in each transaction, until none is left.</summary>
    private async Task RunLockedAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var calls = new List<LockedCall>();
            lock (_lockedWaiting)
            {
                var alone = Environment.TickCount64 < Volatile.Read(ref _aloneUntil);
                foreach (var call in _lockedWaiting.ToList())
                {
                    if (calls.Count < (alone ? 1 : MaxLockedCalls) && !calls.Any(c => c.Incident == call.Incident))
                    {
                        calls.Add(call);
                        _lockedWaiting.Remove(call);
                    }
                }

                if (calls.Count == 0)
                {
                    _lockedRunning = false;
                    return;
                }
            }

            try
            {
                await CommitCallsAsync(calls, cancellationToken);
            }
#pragma warning disable CA1031 // the runner must outlive any failure: calls waiting behind it would wait forever
            catch (Exception ex)
#pragma warning restore CA1031
            {
                foreach (var call in calls)
                {
                    call.Done.TrySetException(ex);
                }
            }
        }
    }

    /// <summary>One transaction for <paramref name="calls"/>; each call's task says how it ended.</summary>
    private async Task CommitCallsAsync(List<LockedCall> calls, CancellationToken cancellationToken)
    {
        var sent = new StrongBox<bool>();
        Exception? failure = null;
        NpgsqlConnection? connection = null;
        var roomsMoved = false;
        try
        {
            connection = await OpenAsync(cancellationToken);
            roomsMoved = await CommitLockedAsync(connection, calls, sent, cancellationToken);
        }
        catch (PostgresException ex) when (ex.SqlState is UniqueViolation or LockNotAvailable || calls.Count > 1)
        {
            // Nothing was written. A key taken or a row another replica holds too long is a conflict to
            // retry; any other error in a shared transaction may be one incident's (a value the
            // database refuses), so the calls go alone for a while and only that one gets its error.
            if (calls.Count > 1)
            {
                Volatile.Write(ref _aloneUntil, Environment.TickCount64 + (long)AloneAfterConflict.TotalMilliseconds);
            }

            failure = new ConcurrencyConflictException(ConflictText(ex), ex);
        }
        catch (NpgsqlException ex) when (ex is not PostgresException)
        {
            failure = new StoreUnavailableException(sent.Value ? StoreFault.LostMidCommit : StoreFault.Unreachable, Where, ex.Message, ex);
        }
#pragma warning disable CA1031 // every caller in the transaction is told; the runner goes on with the next
        catch (Exception ex)
#pragma warning restore CA1031
        {
            failure = ex;
        }
        finally
        {
            if (connection is not null)
            {
                if (failure is not null)
                {
                    await RollBackAsync(connection, CancellationToken.None);
                }

                await connection.DisposeAsync();
            }
        }

        if (failure is null && roomsMoved)
        {
            RoomsMoved();
        }

        foreach (var call in calls)
        {
            if (failure is null)
            {
                call.Done.TrySetResult();
            }
            else
            {
                call.Done.TrySetException(failure);
            }
        }
    }

    /// <summary>What a person reads when their command keeps conflicting: the cause in plain words, not a constraint's name.</summary>
    private static string ConflictText(PostgresException ex) => (ex.SqlState, ex.ConstraintName) switch
    {
        (UniqueViolation, "incidents_open_channel") => "another open incident already has that room",
        (UniqueViolation, "deliveries_pkey") => "this message was already answered for another incident",
        (UniqueViolation, _) => $"a value it records is already taken ({ex.ConstraintName})",
        (LockNotAvailable, _) => "another replica has held the incident for more than 5 seconds",
        _ => $"the database refused it: {ex.MessageText}",
    };

    /// <summary>Ends a transaction left open by a failure, before the connection goes back to the pool.</summary>
    private static async Task RollBackAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        if (connection.State != System.Data.ConnectionState.Open)
        {
            return; // broken: the pool discards it, and the server ends the transaction with the session
        }

        try
        {
            await ExecuteAsync(connection, "ROLLBACK", [], cancellationToken);
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
        {
            // Broken: the pool discards it, and the server ends the transaction with the session.
        }
    }

    /// <summary>A caller's mistake, not a race: appends that do not follow the log (and each other) are never written.</summary>
    private static void ThrowUnlessChained(IncidentId incident, IReadOnlyList<Append> appends, long last)
    {
        foreach (var append in appends)
        {
            if (append.Incident != incident || append.Events.Any(e => e.Incident != incident))
            {
                throw new InvalidOperationException($"An append for {append.Incident} was decided under {incident}'s lock.");
            }

            if (append.Events.Count == 0 || append.ExpectedVersion != last || append.Events[0].Sequence != last + 1)
            {
                throw new InvalidOperationException($"{append.Incident}: an append decided under the lock expected event {append.ExpectedVersion}, but the log is at {last}.");
            }

            last = append.Events[^1].Sequence;
        }
    }
}
