using System.Text.Json.Serialization;
using IncidentBot.Workflows.Incidents.Events;

namespace IncidentBot.Workflows.Incidents;

/// <summary>
/// Something that happened to an incident. Events are the only truth: an incident's state is the
/// fold of its events (<see cref="Incident.Replay"/>). Events are never edited; a correction is a
/// new event that supersedes an earlier one.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(IncidentOpened), "opened")]
[JsonDerivedType(typeof(PhaseChanged), "phase")]
[JsonDerivedType(typeof(SeverityChanged), "severity")]
[JsonDerivedType(typeof(DetailChanged), "detail")]
[JsonDerivedType(typeof(RoleAssigned), "role")]
[JsonDerivedType(typeof(RoleVacated), "role-vacated")]
[JsonDerivedType(typeof(WorkClaimed), "claim")]
[JsonDerivedType(typeof(ClaimEnded), "claim-ended")]
[JsonDerivedType(typeof(HypothesisRaised), "hypothesis")]
[JsonDerivedType(typeof(HypothesisTested), "hypothesis-tested")]
[JsonDerivedType(typeof(NoteAdded), "note")]
[JsonDerivedType(typeof(EntryCorrected), "correction")]
[JsonDerivedType(typeof(PostmortemWaived), "postmortem-waived")]
[JsonDerivedType(typeof(RunbookAttached), "runbook")]
[JsonDerivedType(typeof(RunbookStepAnswered), "runbook-step")]
[JsonDerivedType(typeof(RunbooksProposed), "runbooks-proposed")]
[JsonDerivedType(typeof(FlagRaised), "flag")]
[JsonDerivedType(typeof(ReviewerAdded), "reviewer")]
[JsonDerivedType(typeof(PostmortemStatusChanged), "postmortem-status")]
[JsonDerivedType(typeof(PostmortemSectionWritten), "postmortem-section")]
[JsonDerivedType(typeof(PostmortemApproved), "postmortem-approval")]
[JsonDerivedType(typeof(ImpactWindowSet), "impact-window")]
[JsonDerivedType(typeof(DetectionRecorded), "detected-by")]
[JsonDerivedType(typeof(SupportCaseDrafted), "support-case")]
[JsonDerivedType(typeof(ActionItemTicketLinked), "action-ticket")]
[JsonDerivedType(typeof(ActionItemAdded), "action")]
[JsonDerivedType(typeof(ActionItemEnded), "action-ended")]
[JsonDerivedType(typeof(ReminderSent), "reminder")]
[JsonDerivedType(typeof(WarRoomOpened), "war-room")]
[JsonDerivedType(typeof(KeyEventMarked), "key-event")]
[JsonDerivedType(typeof(AlertsReceived), "alerts")]
[JsonDerivedType(typeof(CheckAdded), "check")]
[JsonDerivedType(typeof(CheckRemoved), "check-removed")]
[JsonDerivedType(typeof(CheckEvaluated), "check-evaluated")]
[JsonDerivedType(typeof(ChecksRestarted), "checks-restarted")]
[JsonDerivedType(typeof(MetricSnapshotTaken), "metric-snapshot")]
public abstract record IncidentEvent
{
    /// <summary>Who did it: a user name, or <c>incidentbot</c> for the bot itself.</summary>
    public required string Actor { get; init; }

    /// <summary>When the bot recorded it.</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>The name the store keeps beside the payload, for queries and for humans reading the table.</summary>
    [JsonIgnore]
    public abstract string Kind { get; }
}
