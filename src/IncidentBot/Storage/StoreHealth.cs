using IncidentBot.Workflows.Incidents;

namespace IncidentBot.Storage;

/// <summary>
/// Whether the store's last write worked: set by the writer after each transaction, read by
/// <c>/readyz</c> (not ready, with the reason, while writes fail) and <c>/metrics</c> (failures by kind).
/// </summary>
public sealed class StoreHealth
{
    private readonly Lock _lock = new();
    private readonly Dictionary<StoreFault, long> _failures = [];
    private StoreUnavailableException? _fault;

    /// <summary>The fault of the last failed write, until a write succeeds again.</summary>
    public StoreUnavailableException? Fault
    {
        get
        {
            lock (_lock)
            {
                return _fault;
            }
        }
    }

    public void Failed(StoreUnavailableException fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        lock (_lock)
        {
            _fault = fault;
            _failures[fault.Fault] = _failures.GetValueOrDefault(fault.Fault) + 1;
        }
    }

    public void Succeeded()
    {
        if (Volatile.Read(ref _fault) is null)
        {
            return;
        }

        lock (_lock)
        {
            _fault = null;
        }
    }

    /// <summary>Failed writes since start, by kind.</summary>
    public IReadOnlyList<(StoreFault Fault, long Count)> Failures()
    {
        lock (_lock)
        {
            return [.. _failures.Select(f => (f.Key, f.Value))];
        }
    }
}
