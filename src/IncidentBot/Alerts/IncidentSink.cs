using IncidentBot.Workflows.Alerts;

namespace IncidentBot.Alerts;

/// <summary>
/// Deliveries waiting to be recorded on one incident. Those that arrive while the previous batch is
/// being committed are recorded together in the next (group commit per incident): in a storm an
/// incident takes a few large appends instead of one per delivery, and each delivery is answered once
/// its own alerts are committed. A sink belongs to one incident, so nothing meant for a newer incident
/// of the group is ever committed against an older one.
/// </summary>
internal sealed class IncidentSink
{
    private readonly Lock _gate = new();
    private List<Entry> _waiting = [];
    private bool _flushing;

    public sealed record Entry(IReadOnlyList<Alert> Alerts, AlertBatch Batch, Action Seen, TaskCompletionSource<bool> Done);

    /// <summary>Queues <paramref name="entry"/>; true when the caller must run the flush (nobody else is).</summary>
    public bool Add(Entry entry)
    {
        lock (_gate)
        {
            _waiting.Add(entry);
            var lead = !_flushing;
            _flushing = true;
            return lead;
        }
    }

    /// <summary>Everything waiting, or null when there is nothing left (the flush then ends).</summary>
    public List<Entry>? Take()
    {
        lock (_gate)
        {
            if (_waiting.Count == 0)
            {
                _flushing = false;
                return null;
            }

            var batch = _waiting;
            _waiting = [];
            return batch;
        }
    }

    /// <summary>The alerts of a batch of entries, in the order they arrived, and what each sender group left out (the latest word of each).</summary>
    public static (List<Alert> Alerts, Dictionary<string, int> Unlisted) Merge(IReadOnlyList<Entry> entries)
    {
        var unlisted = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in entries.Where(e => e.Batch.Group.Length > 0))
        {
            unlisted[entry.Batch.Group] = entry.Batch.Unlisted;
        }

        return ([.. entries.SelectMany(e => e.Alerts)], unlisted);
    }
}
