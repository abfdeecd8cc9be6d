using IncidentBot.Workflows.Incidents.Events;

namespace IncidentBot.Workflows.Incidents;

/// <summary>What people stated about impact and detection: the postmortem's verdict rests on these, never on guesses.</summary>
public sealed partial class Incident
{
    /// <summary>The ways an incident is detected, as <c>/incident detected-by</c> takes them.</summary>
    public static readonly IReadOnlyList<string> DetectionSources = ["monitoring", "person", "customer", "provider"];

    /// <summary>When users began to be affected, as stated; null while nobody said.</summary>
    public DateTimeOffset? ImpactFrom { get; private set; }

    /// <summary>When users stopped being affected, as stated; null while nobody said.</summary>
    public DateTimeOffset? ImpactTo { get; private set; }

    /// <summary>Someone stated that users were not affected.</summary>
    public bool NoImpact { get; private set; }

    /// <summary>How it was detected: as stated, else <c>monitoring</c> when an alert opened it; null while unknown.</summary>
    public string? DetectedBy => _detectedBy ?? (DetectionSource == "person" ? null : "monitoring");

    /// <summary>How it was detected, in the words of whoever said so.</summary>
    public string? DetectedHow { get; private set; }

    private string? _detectedBy;

    /// <summary>Someone stated how it was detected (rather than an alert having opened it).</summary>
    public bool DetectionStated => _detectedBy is not null;

    private void ApplyFacts(IncidentEvent e)
    {
        switch (e)
        {
            case ImpactWindowSet window:
                NoImpact = window.None;
                (ImpactFrom, ImpactTo) = window.None ? (null, null) : (window.From ?? ImpactFrom, window.To ?? ImpactTo);
                break;
            case DetectionRecorded detection:
                (_detectedBy, DetectedHow) = (detection.Source, detection.How);
                break;
            case ActionItemTicketLinked linked when _actions.FindIndex(a => a.Number == linked.Item) is var at and >= 0:
                _actions[at] = _actions[at] with { Ticket = linked.Ticket, TicketUrl = linked.Url };
                break;
        }
    }
}
