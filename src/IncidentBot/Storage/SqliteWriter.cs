using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace IncidentBot.Storage;

/// <summary>
/// The one writer of a SQLite file, with group commit: every write waiting when a transaction starts
/// goes into it, each inside its own savepoint, so one failed write (a conflict) is rolled back alone
/// while the others commit together. A write's task completes only after the transaction that holds
/// it has committed: completion means durable. Writes run in the order they were submitted.
/// </summary>
internal sealed class SqliteWriter : IAsyncDisposable
{
    private const int MaxBatch = 512;

    private readonly Channel<Work> _queue = Channel.CreateUnbounded<Work>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SqliteConnection _connection;
    private readonly string _path;
    private readonly StoreHealth _health;
    private readonly Task _loop;

    public SqliteWriter(SqliteConnection connection, string path, StoreHealth health)
    {
        _connection = connection;
        _path = path;
        _health = health;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>
    /// Queues a write; it runs inside the writer's transaction and must not commit or roll back.
    /// The token can only stop it from being queued: once queued, it commits or fails with its batch.
    /// </summary>
    public Task<T> WriteAsync<T>(Func<SqliteConnection, T> write, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var work = new Work<T>(write);
        if (!_queue.Writer.TryWrite(work))
        {
            throw new ObjectDisposedException(nameof(SqliteWriter), "The store is shutting down; the write was not accepted.");
        }

        return work.Completion.Task;
    }

    private async Task RunAsync()
    {
        var batch = new List<Work>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var work))
            {
                batch.Add(work);
            }

            Commit(batch);
            batch.Clear();
        }
    }

    // The worker loop is a boundary: whatever one write throws is that write's failure, and whatever
    // the transaction throws fails the whole batch; the loop itself must keep running.
#pragma warning disable CA1031
    private void Commit(List<Work> batch)
    {
        try
        {
            Execute("BEGIN IMMEDIATE");
            foreach (var work in batch)
            {
                Execute("SAVEPOINT w");
                try
                {
                    work.Run(_connection);
                    Execute("RELEASE w");
                }
                catch (Exception ex)
                {
                    Execute("ROLLBACK TO w");
                    Execute("RELEASE w");
                    work.Failed = Fault(ex);
                }
            }

            Execute("COMMIT");
        }
        catch (Exception ex)
        {
            // A full disk, a read-only file or a lock held elsewhere: nothing of the batch stands, and
            // the connection stays usable, so the next batch succeeds once the fault clears.
            TryRollback();
            var failure = Fault(ex);
            foreach (var work in batch)
            {
                work.Fail(failure);
            }

            return;
        }

        if (batch.All(w => w.Failed is not Workflows.Incidents.StoreUnavailableException))
        {
            _health.Succeeded();
        }

        foreach (var work in batch)
        {
            work.Finish();
        }
    }
#pragma warning restore CA1031

    /// <summary>The failure as callers see it; a fault outside the bot is also what readiness reports.</summary>
    private Exception Fault(Exception ex)
    {
        var translated = SqliteFaults.Translate(ex, _path);
        if (translated is Workflows.Incidents.StoreUnavailableException fault)
        {
            _health.Failed(fault);
        }

        return translated;
    }

    private void TryRollback()
    {
        try
        {
            Execute("ROLLBACK");
        }
        catch (SqliteException)
        {
            // The failed COMMIT may already have ended the transaction; either way nothing of it stands.
        }
    }

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop;
        await _connection.DisposeAsync();
    }

    private abstract class Work
    {
        public Exception? Failed { get; set; }

        public abstract void Run(SqliteConnection connection);

        public abstract void Finish();

        public abstract void Fail(Exception ex);
    }

    private sealed class Work<T>(Func<SqliteConnection, T> write) : Work
    {
        private T? _result;

        public TaskCompletionSource<T> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override void Run(SqliteConnection connection) => _result = write(connection);

        public override void Finish()
        {
            if (Failed is null)
            {
                Completion.SetResult(_result!);
            }
            else
            {
                Completion.SetException(Failed);
            }
        }

        public override void Fail(Exception ex) => Completion.SetException(ex);
    }
}
