using IncidentBot.Workflows.Incidents;

namespace IncidentBot.Chat;

/// <summary>Wakes the outbox delivery loop as soon as a change is committed, instead of at its next poll.</summary>
public sealed class OutboxSignal : IIncidentObserver, Hosting.IRemoteChangeObserver, IDisposable
{
    private readonly SemaphoreSlim _wake = new(0, 1);

    public void Changed(IncidentId incident) => Poke();

    /// <summary>Another replica's commit may have queued messages for a queue this one holds.</summary>
    public void ChangedElsewhere(IncidentId incident) => Poke();

    public void Poke()
    {
        if (_wake.CurrentCount == 0)
        {
            try
            {
                _wake.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another change woke it already.
            }
        }
    }

    public void Dispose() => _wake.Dispose();

    /// <summary>
    /// Until a change is committed or <paramref name="timeout"/> has passed on <paramref name="clock"/>, the
    /// bot's clock: a test that moves that clock (an outage of ten minutes) wakes the loop as real time would.
    /// </summary>
    public async Task WaitAsync(TimeSpan timeout, TimeProvider clock, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clock);
        using var done = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var woken = _wake.WaitAsync(done.Token);
        var elapsed = Task.Delay(timeout, clock, done.Token);
        await Task.WhenAny(woken, elapsed);
        // The other wait is cancelled rather than left behind, so it cannot swallow the next wake-up.
        await done.CancelAsync();
        cancellationToken.ThrowIfCancellationRequested();
    }
}
