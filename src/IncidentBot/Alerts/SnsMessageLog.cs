namespace IncidentBot.Alerts;

/// <summary>
/// SNS MessageIds seen lately (SNS retries with the same id), so a repeat is answered at once. The
/// alert itself is deduplicated again when recorded, so forgetting old ids loses nothing.
/// </summary>
public sealed class SnsMessageLog
{
    private const int Capacity = 10_000;
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();
    private readonly Lock _gate = new();

    public bool Seen(string messageId)
    {
        lock (_gate)
        {
            return _seen.Contains(messageId);
        }
    }

    /// <summary>Remembers a message once it was handled (not before: a failed one must be handled when SNS sends it again).</summary>
    public void Remember(string messageId)
    {
        lock (_gate)
        {
            if (_seen.Add(messageId))
            {
                _order.Enqueue(messageId);
                if (_order.Count > Capacity)
                {
                    _seen.Remove(_order.Dequeue());
                }
            }
        }
    }
}
