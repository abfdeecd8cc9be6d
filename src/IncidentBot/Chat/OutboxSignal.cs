using IncidentBot.Workflows.Incidents;

namespace IncidentBot.Chat;

/// <summary>Wakes the outbox delivery loop as soon as a change is committed, instead of at its next poll.</summary>
public sealed class OutboxSignal : IIncidentObserver, IDisposable
{
    private readonly SemaphoreSlim _wake = new(0, 1);

    public void Changed(IncidentId incident) => Poke();

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

    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _wake.WaitAsync(timeout, cancellationToken);
}
