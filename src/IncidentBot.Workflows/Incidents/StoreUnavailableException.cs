namespace IncidentBot.Workflows.Incidents;

/// <summary>
/// The store could not write, for a reason outside the bot (a full disk, a read-only mount, a lock
/// held by another process). Nothing of the write was recorded, and nothing recorded before is lost;
/// the same write succeeds once the fault clears. <see cref="StoreFaultText"/> says it to people.
/// </summary>
public sealed class StoreUnavailableException : Exception
{
    public StoreUnavailableException()
    {
    }

    public StoreUnavailableException(string message)
        : base(message)
    {
    }

    public StoreUnavailableException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public StoreUnavailableException(StoreFault fault, string where, string detail, Exception? inner = null)
        : base($"The store cannot write ({fault}) at {where}: {detail}", inner)
    {
        Fault = fault;
        Where = where;
        Detail = detail;
    }

    public StoreFault Fault { get; }

    /// <summary>The database file (or server) that failed.</summary>
    public string Where { get; } = "";

    /// <summary>What the database said, for the log and the operator.</summary>
    public string Detail { get; } = "";
}
