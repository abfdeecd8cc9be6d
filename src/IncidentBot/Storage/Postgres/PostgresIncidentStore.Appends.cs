using IncidentBot.Workflows.Incidents;

namespace IncidentBot.Storage.Postgres;

/// <summary>
/// Appends, in the order the dispatcher handed them over, each under its incident's row lock: the
/// one that read an older version (another replica appended meanwhile) is refused, and so at once
/// are those queued behind it here, which were decided on top of it.
/// </summary>
internal sealed partial class PostgresIncidentStore
{
    private readonly Dictionary<long, Task> _tails = [];
    private readonly Dictionary<Guid, byte> _refused = [];

    /// <summary>
    /// Appends to one incident commit in the order they were handed over, as with SQLite's single
    /// writer (the dispatcher hands over the next before the last committed): each waits for the one
    /// before it on the same incident, whether that one succeeded or not. Incidents do not wait for
    /// each other.
    /// </summary>
    public Task AppendAsync(Append append, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(append);
        var turn = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task before;
        lock (_tails)
        {
            before = _tails.GetValueOrDefault(append.Incident.Number) ?? Task.CompletedTask;
            _tails[append.Incident.Number] = turn.Task;
        }

        return InTurnAsync(before, turn, append, cancellationToken);
    }

    private async Task InTurnAsync(Task before, TaskCompletionSource turn, Append append, CancellationToken cancellationToken)
    {
        try
        {
            await before.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (DecidedOnRefused(append))
            {
                // Decided on top of an append the database just refused: it cannot hold either, so it is refused without a round trip.
                throw new ConcurrencyConflictException($"{append.Incident} was decided on a change that was not recorded.");
            }

            await AppendInOrderAsync(append, cancellationToken);
        }
        catch (ConcurrencyConflictException)
        {
            lock (_tails)
            {
                _refused[append.Events[^1].EventId] = 0;
            }

            throw;
        }
        finally
        {
            lock (_tails)
            {
                if (_tails.TryGetValue(append.Incident.Number, out var last) && last == turn.Task)
                {
                    _tails.Remove(append.Incident.Number);
                }
            }

            turn.SetResult();
        }
    }

    private bool DecidedOnRefused(Append append)
    {
        lock (_tails)
        {
            if (_refused.Count > 1024)
            {
                _refused.Clear(); // only the last few matter: those the appends queued behind them were decided on
            }

            return _refused.ContainsKey(append.ExpectedLastEventId);
        }
    }

    private async Task AppendInOrderAsync(Append append, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // The incident's row is the lock: another replica's append to it waits here, then sees the new version.
        await ExecuteAsync(connection, "SELECT 1 FROM incidents WHERE number = $1 FOR UPDATE", [append.Incident.Number], cancellationToken);
        var (version, lastId) = (0L, Guid.Empty);
        await using (var reader = await Command(connection, "SELECT seq, event_id FROM events WHERE incident = $1 ORDER BY seq DESC LIMIT 1", append.Incident.Number).ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                (version, lastId) = (reader.GetInt64(0), reader.GetGuid(1));
            }
        }

        if (version != append.ExpectedVersion || lastId != append.ExpectedLastEventId)
        {
            throw new ConcurrencyConflictException($"{append.Incident} is at event {version}, not at the expected {append.ExpectedVersion}.");
        }

        var at = append.Events[^1].Event.At;
        await InsertEventsAsync(connection, append.Events, cancellationToken);
        await UpdateSummaryAsync(connection, append.Summary, cancellationToken);
        if (append.Delivery is { } delivery)
        {
            await RecordDeliveryAsync(connection, delivery, append.Incident, at, cancellationToken);
        }

        await InsertOutboxAsync(connection, append.Outbox, at, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
