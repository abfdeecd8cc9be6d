using System.Text.RegularExpressions;
using IncidentBot.Workflows.Incidents.Events;

namespace IncidentBot.Workflows.Incidents;

/// <summary>
/// The words people wrote into an incident's events (notes, findings, evidence, reasons), for the
/// drafts that mine them: links for references, ids for a support case, blame for the review.
/// </summary>
public static partial class IncidentTexts
{
    public static IEnumerable<string> Of(IncidentEvent e) => e switch
    {
        NoteAdded n => [n.Text],
        EntryCorrected c => [c.Text],
        ClaimEnded { Finding: { } f } => [f],
        HypothesisRaised h => [h.Text],
        HypothesisTested h => [h.Evidence],
        DetailChanged d => [d.Value],
        PhaseChanged { Reason: { } r } => [r],
        RunbookStepAnswered { Note: { } n } => [n],
        FlagRaised f => [f.Note],
        _ => [],
    };

    public static IEnumerable<string> Of(IEnumerable<RecordedEvent> events) => events.SelectMany(e => Of(e.Event));

    /// <summary>http(s) links, without trailing punctuation, each once.</summary>
    public static IReadOnlyList<string> Links(IEnumerable<string> texts) => Find(LinkPattern(), texts);

    public static IReadOnlyList<string> Find(Regex pattern, IEnumerable<string> texts)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(texts);
        return [.. texts.SelectMany(t => pattern.Matches(t).Select(m => m.Value.TrimEnd('.', ',', ')'))).Distinct(StringComparer.Ordinal)];
    }

    [GeneratedRegex(@"https?://[^\s<>""|]+")]
    private static partial Regex LinkPattern();
}
