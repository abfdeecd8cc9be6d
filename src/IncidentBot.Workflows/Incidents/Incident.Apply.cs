using IncidentBot.Workflows.Incidents.Events;
using IncidentBot.Workflows.Lifecycle;

namespace IncidentBot.Workflows.Incidents;

/// <summary>How each event changes an incident's state: the fold that <see cref="Replay"/> runs.</summary>
public sealed partial class Incident
{
    public static Incident Replay(IncidentId id, IEnumerable<RecordedEvent> events)
    {
        var incident = new Incident(id);
        foreach (var recorded in events)
        {
            incident.Apply(recorded);
        }

        return incident;
    }

    /// <summary>Folds one more event in. Events must come in sequence order with no gaps.</summary>
    public void Apply(RecordedEvent recorded)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        if (recorded.Sequence != Version + 1)
        {
            throw new InvalidOperationException(
                $"{Id} is at version {Version}; event {recorded.Sequence} does not follow it.");
        }

        Version = recorded.Sequence;
        LastEventId = recorded.EventId;
        var e = recorded.Event;
        UpdatedAt = e.At;
        if (e.Actor != "incidentbot")
        {
            LastHumanActivity = e.At;
        }

        switch (e)
        {
            case IncidentOpened opened:
                Title = opened.Title;
                Severity = opened.Severity;
                Room = opened.Room;
                RoomPlatform = opened.RoomPlatform;
                DetectionSource = opened.Source;
                OpenedBy = opened.Actor;
                OpenedAt = opened.At;
                Phase = Phase.Detected;
                break;
            case PhaseChanged changed:
                ApplyPhase(changed);
                break;
            case SeverityChanged severity:
                Severity = severity.To;
                break;
            case DetailChanged detail:
                ApplyDetail(detail);
                break;
            case RoleAssigned assigned:
                ApplyRole(assigned);
                break;
            case RoleVacated vacated:
                ApplyVacated(vacated);
                break;
            case WorkClaimed claimed:
                _claims.Add(new Claim(claimed.Claim, claimed.What, claimed.Actor, claimed.At));
                break;
            case ClaimEnded ended:
                ReplaceClaim(ended.Claim, c => c with { Outcome = ended.Outcome, Finding = ended.Finding, EndedAt = ended.At });
                break;
            case HypothesisRaised raised:
                _hypotheses.Add(new Hypothesis(raised.Hypothesis, raised.Text, raised.Actor, raised.At));
                break;
            case HypothesisTested tested:
                var index = _hypotheses.FindIndex(h => h.Number == tested.Hypothesis);
                _hypotheses[index] = _hypotheses[index] with { Verdict = tested.Verdict, Evidence = tested.Evidence, TestedBy = tested.Actor };
                break;
            case PostmortemWaived waived:
                PostmortemWaivedReason = waived.Reason;
                break;
            case RunbookAttached attached:
                _runbooks.Add(new RunbookProgress(attached.Runbook, attached.Title, attached.Steps, attached.DestructiveSteps));
                break;
            case RunbookStepAnswered answered:
                ApplyAnswer(answered);
                break;
            case RunbooksProposed proposed:
                Proposals = proposed.Proposals;
                break;
            case FlagRaised flag:
                _flags.Add(flag);
                break;
            case ReviewerAdded or PostmortemStatusChanged or PostmortemSectionWritten or PostmortemApproved:
                ApplyPostmortem(e);
                break;
            case ImpactWindowSet or DetectionRecorded or SupportCaseDrafted or ActionItemTicketLinked:
                ApplyFacts(e); // a drafted support case changes no state: it is the timeline's
                break;
            case ActionItemAdded added:
                _actions.Add(new ActionItem(added.Item, added.Text, added.Owner, added.Due, added.Actor, added.At));
                break;
            case ActionItemEnded ended:
                var item = _actions.FindIndex(a => a.Number == ended.Item);
                _actions[item] = _actions[item] with { Done = ended.Done, Note = ended.Note };
                break;
            case ReminderSent reminder:
                _reminders.Add(reminder.Key);
                if (reminder.Key.StartsWith("status@", StringComparison.Ordinal))
                {
                    LastStatusReminder = reminder.At;
                }

                break;
            case NoteAdded note:
                if (note.Backdated)
                {
                    FirstSign = FirstSign is { } earlier && earlier <= note.OccurredAt ? earlier : note.OccurredAt;
                }

                if (note.MessageId is { } message)
                {
                    _messages[message] = recorded.Sequence;
                }

                break;
            case EntryCorrected:
                break;
            case WarRoomOpened room:
                Room = room.Room;
                RoomName = room.Name;
                break;
            case KeyEventMarked key:
                _keyEvents.Add(key.Entry);
                break;
            case AlertsReceived received:
                foreach (var alert in received.Alerts)
                {
                    ApplyAlert(alert);
                }

                foreach (var (group, count) in received.Unlisted ?? new Dictionary<string, int>())
                {
                    if (count > 0)
                    {
                        _unlisted[group] = count;
                    }
                    else
                    {
                        _unlisted.Remove(group);
                    }
                }

                break;
            case CheckAdded added:
                if (!Workflows.Runbooks.MetricCondition.TryParse(added.Condition, out var condition, out var problem))
                {
                    throw new InvalidOperationException($"Check #{added.Check} of {Id} does not read as a condition: {problem}");
                }

                _checks.Add(new Verification.VerificationCheck(added.Check, condition!, added.Source, added.Actor, added.At));
                break;
            case CheckRemoved removed:
                ReplaceCheck(removed.Check, c => c with { Removed = true });
                break;
            case CheckEvaluated evaluated:
                ReplaceCheck(evaluated.Check, c => c with { Last = evaluated });
                break;
            case ChecksRestarted:
                StartVerifying(e.At);
                break;
            case MetricSnapshotTaken snapshot:
                _snapshots.Add(snapshot);
                break;
            default:
                throw new InvalidOperationException($"No fold for event kind '{e.Kind}'.");
        }
    }

    private void ApplyPhase(PhaseChanged changed)
    {
        Phase = changed.To;
        _transitions.Add(new TransitionRecord(changed.Trigger, changed.From, changed.To, changed.At, changed.Actor, changed.Reason));
        if (changed.To == Phase.Verifying)
        {
            StartVerifying(changed.At);
        }

        switch (changed.Trigger)
        {
            case Trigger.Mitigated:
                MitigationNote = changed.Reason;
                break;
            case Trigger.Verified:
                Verifier = changed.Actor;
                break;
            case Trigger.VerificationFailed or Trigger.Reopen:
                MitigationNote = null;
                Verifier = null;
                break;
        }
    }

    private void ApplyDetail(DetailChanged detail)
    {
        switch (detail.Detail)
        {
            case IncidentDetail.Title:
                Title = detail.Value;
                break;
            case IncidentDetail.Summary:
                Summary = detail.Value;
                break;
            case IncidentDetail.Impact:
                Impact = detail.Value;
                break;
            case IncidentDetail.Services:
                _services.Clear();
                _services.AddRange(detail.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                break;
        }
    }

    private void ApplyRole(RoleAssigned assigned)
    {
        if (assigned.Role == Role.Investigator)
        {
            _investigators.Add(assigned.User);
        }
        else
        {
            _roles[assigned.Role] = assigned.User;
        }

        _handovers.Add(new Handover(assigned.Role, assigned.Previous, assigned.User, assigned.At, assigned.Actor));
    }

    private void ApplyVacated(RoleVacated vacated)
    {
        if (vacated.Role == Role.Investigator)
        {
            _investigators.Remove(vacated.User);
        }
        else
        {
            _roles.Remove(vacated.Role);
        }

        _handovers.Add(new Handover(vacated.Role, vacated.User, null, vacated.At, vacated.Actor));
    }

    private void ApplyAnswer(RunbookStepAnswered answered)
    {
        var index = _runbooks.FindIndex(r => r.Runbook == answered.Runbook);
        var progress = _runbooks[index];
        _runbooks[index] = progress with
        {
            Current = answered.Next,
            Approved = answered.Answer == StepAnswer.Approved ? [.. progress.Approved, answered.Step] : progress.Approved,
            Answers = [.. progress.Answers, answered],
        };
    }

    /// <summary>A new verification round: every check is read afresh.</summary>
    private void StartVerifying(DateTimeOffset at)
    {
        VerifyingSince = at;
        for (var i = 0; i < _checks.Count; i++)
        {
            _checks[i] = _checks[i] with { Last = null };
        }
    }

    private void ReplaceCheck(int number, Func<Verification.VerificationCheck, Verification.VerificationCheck> change)
    {
        var index = _checks.FindIndex(c => c.Number == number);
        _checks[index] = change(_checks[index]);
    }

    private void ReplaceClaim(int number, Func<Claim, Claim> change)
    {
        var index = _claims.FindIndex(c => c.Number == number);
        _claims[index] = change(_claims[index]);
    }
}
