using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Incidents.Events;

namespace IncidentBot.Workflows.Runbooks;

/// <summary>
/// Proposes runbooks when what they match on changes: on declaring, and when the title, summary,
/// services or alerts change. A proposal is recorded only when it differs from the last one.
/// </summary>
public static class RunbookProposals
{
    public static IReadOnlyList<ProposedRunbook> Rank(Incident incident, RunbookLibrary library) =>
        [.. RunbookMatcher.Rank(library, IncidentFacts.Of(incident), max: 3).Select(m => new ProposedRunbook(m.Runbook.Id, m.Runbook.Title, m.Score, m.Reasons))];

    /// <summary>The proposal to record after <paramref name="events"/>, or null when nothing relevant changed.</summary>
    public static RunbooksProposed? After(Incident after, IReadOnlyList<IncidentEvent> events, RunbookLibrary library, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(after);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(library);
        var relevant = events.Any(e => e is PhaseChanged { To: Phase.Triage } or DetailChanged { Detail: not IncidentDetail.Impact } or AlertsReceived { NewNames: true });
        if (!relevant || after.Phase is Phase.Detected || after.Phase.IsFinished() || library.Runbooks.Count == 0)
        {
            return null;
        }

        var proposals = Rank(after, library);
        if (proposals.Count == 0 || proposals.Select(p => p.Runbook).SequenceEqual(after.Proposals.Select(p => p.Runbook)))
        {
            return null;
        }

        return new RunbooksProposed { Actor = "incidentbot", At = now, Proposals = proposals };
    }
}
