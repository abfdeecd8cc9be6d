namespace IncidentBot.Workflows.Incidents;

/// <summary>
/// Another writer changed the incident (or took the channel) first. Nothing of the append was
/// written; the caller reloads and decides again.
/// </summary>
public sealed class ConcurrencyConflictException : Exception
{
    public ConcurrencyConflictException()
    {
    }

    public ConcurrencyConflictException(string message)
        : base(message)
    {
    }

    public ConcurrencyConflictException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
