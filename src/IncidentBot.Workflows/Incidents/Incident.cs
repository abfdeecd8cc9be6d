using IncidentBot.Workflows.Incidents.Events;
using IncidentBot.Workflows.Lifecycle;

namespace IncidentBot.Workflows.Incidents;

/// <summary>
/// An incident's state, folded from its events. Nothing here is stored: replaying the same events
/// always gives the same state.
/// </summary>
public sealed class Incident
{
    private readonly Dictionary<Role, string> _roles = [];
    private readonly List<string> _investigators = [];
    private readonly List<Handover> _handovers = [];
    private readonly List<Claim> _claims = [];
    private readonly List<Hypothesis> _hypotheses = [];
    private readonly List<TransitionRecord> _transitions = [];
    private readonly List<string> _services = [];
    private readonly List<RunbookProgress> _runbooks = [];
    private readonly List<FlagRaised> _flags = [];
    private readonly List<string> _reviewers = [];
    private readonly List<ActionItem> _actions = [];
    private readonly HashSet<string> _reminders = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _messages = new(StringComparer.Ordinal);
    private readonly HashSet<long> _keyEvents = [];
    private readonly Dictionary<string, AlertState> _alerts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AlertCounts> _alertsByName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Alerts.Alert> _alertSamples = new(StringComparer.Ordinal);
    private readonly List<Verification.VerificationCheck> _checks = [];
    private readonly List<MetricSnapshotTaken> _snapshots = [];

    private Incident(IncidentId id) => Id = id;

    public IncidentId Id { get; }
    public string Title { get; private set; } = "";
    public Severity? Severity { get; private set; }
    public string? Summary { get; private set; }
    public string? Impact { get; private set; }
    public IReadOnlyList<string> Services => _services;
    public Phase Phase { get; private set; }
    public string OpenedBy { get; private set; } = "";
    public DateTimeOffset OpenedAt { get; private set; }
    public string DetectionSource { get; private set; } = "person";
    /// <summary>Its war room: a room the bot opened, or the room it was started in; null until it has one.</summary>
    public Chat.RoomAddress? Room { get; private set; }

    /// <summary>The platform it was started on, when that platform opens its own war rooms.</summary>
    public string? RoomPlatform { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>The number of events folded in: the sequence of the last one.</summary>
    public long Version { get; private set; }
    public Guid LastEventId { get; private set; }

    public string? Commander => _roles.GetValueOrDefault(Role.Commander);
    public string? Communications => _roles.GetValueOrDefault(Role.Communications);
    public string? Scribe => _roles.GetValueOrDefault(Role.Scribe);
    public IReadOnlyList<string> Investigators => _investigators;
    public IReadOnlyList<Handover> Handovers => _handovers;
    public IReadOnlyList<Claim> Claims => _claims;
    public IReadOnlyList<Hypothesis> Hypotheses => _hypotheses;
    public IReadOnlyList<TransitionRecord> Transitions => _transitions;
    public IReadOnlyList<RunbookProgress> Runbooks => _runbooks;
    public IReadOnlyList<FlagRaised> Flags => _flags;
    public IReadOnlyList<string> Reviewers => _reviewers;
    public IReadOnlyList<ActionItem> ActionItems => _actions;
    public PostmortemStatus PostmortemStatus { get; private set; }
    public IReadOnlySet<string> RemindersSent => _reminders;

    /// <summary>The name of the war-room channel the bot opened, if it opened one.</summary>
    public string? RoomName { get; private set; }

    /// <summary>How many distinct alerts (fingerprints) the incident has received.</summary>
    public int AlertCount => _alerts.Count;

    /// <summary>How many of them are firing.</summary>
    public int FiringAlerts { get; private set; }

    /// <summary>The names of every alert received.</summary>
    public IReadOnlyCollection<string> AlertNames => _alertsByName.Keys;

    /// <summary>Firing and resolved alerts by name.</summary>
    public IReadOnlyDictionary<string, AlertCounts> AlertsByName => _alertsByName;

    /// <summary>
    /// Up to <see cref="MaxAlertSamples"/> alerts in full, the first to arrive, each kept current: what
    /// summaries and runbook matching show. The rest are kept as a status and a start only, so an alert
    /// storm does not make every incident carry a hundred thousand label sets.
    /// </summary>
    public IReadOnlyCollection<Alerts.Alert> AlertSamples => _alertSamples.Values;

    public const int MaxAlertSamples = 50;

    /// <summary>The status and start of the alert with <paramref name="fingerprint"/>, if the incident has received it.</summary>
    public AlertState? AlertFor(string fingerprint) => _alerts.TryGetValue(fingerprint, out var state) ? state : null;

    /// <summary>Every verification check ever added, removed ones included (numbers stay stable).</summary>
    public IReadOnlyList<Verification.VerificationCheck> Checks => _checks;

    /// <summary>The checks that count: not removed.</summary>
    public IEnumerable<Verification.VerificationCheck> ActiveChecks => _checks.Where(c => !c.Removed);

    /// <summary>When the current verification round began: entering verifying, or the checks restarted.</summary>
    public DateTimeOffset? VerifyingSince { get; private set; }

    /// <summary>Metric evidence kept on the timeline.</summary>
    public IReadOnlyList<MetricSnapshotTaken> Snapshots => _snapshots;

    /// <summary>The check numbered <paramref name="number"/>, removed or not.</summary>
    public Verification.VerificationCheck? Check(int number) => _checks.Find(c => c.Number == number);

    /// <summary>Timeline entries pinned as key events.</summary>
    public IReadOnlySet<long> KeyEvents => _keyEvents;

    /// <summary>The timeline entry that recorded chat message <paramref name="messageId"/>, if one did.</summary>
    public long? EntryFor(string messageId) => _messages.TryGetValue(messageId, out var entry) ? entry : null;

    /// <summary>When a person last recorded anything: status reminders count from here.</summary>
    public DateTimeOffset LastHumanActivity { get; private set; }
    public DateTimeOffset? LastStatusReminder { get; private set; }

    /// <summary>The runbooks last proposed, best first.</summary>
    public IReadOnlyList<ProposedRunbook> Proposals { get; private set; } = [];

    /// <summary>What was done to mitigate, from the latest <c>mitigated</c>; cleared when recovery starts again.</summary>
    public string? MitigationNote { get; private set; }
    public string? Verifier { get; private set; }
    public string? PostmortemWaivedReason { get; private set; }

    /// <summary>The earliest time anyone backdated a note to, when that is before the incident was opened.</summary>
    public DateTimeOffset? FirstSign { get; private set; }

    /// <summary>When users started to be affected, as far as the events know: the first sign, else the opening.</summary>
    public DateTimeOffset Start => FirstSign is { } sign && sign < OpenedAt ? sign : OpenedAt;

    public string? Holder(Role role) => _roles.GetValueOrDefault(role);

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
            case ReviewerAdded reviewer:
                _reviewers.Add(reviewer.User);
                break;
            case PostmortemStatusChanged status:
                PostmortemStatus = status.Status;
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

    private void ApplyAlert(Alerts.Alert alert)
    {
        var firing = alert.Status == Alerts.AlertStatus.Firing;
        var counts = _alertsByName.GetValueOrDefault(alert.Name);
        if (_alerts.TryGetValue(alert.Fingerprint, out var before))
        {
            var wasFiring = before.Status == Alerts.AlertStatus.Firing;
            FiringAlerts += (firing ? 1 : 0) - (wasFiring ? 1 : 0);
            counts = counts with { Firing = counts.Firing + (firing ? 1 : 0) - (wasFiring ? 1 : 0), Resolved = counts.Resolved + (firing ? 0 : 1) - (wasFiring ? 0 : 1) };
        }
        else
        {
            FiringAlerts += firing ? 1 : 0;
            counts = counts with { Firing = counts.Firing + (firing ? 1 : 0), Resolved = counts.Resolved + (firing ? 0 : 1) };
        }

        _alerts[alert.Fingerprint] = new AlertState(alert.Status, alert.StartsAt);
        _alertsByName[alert.Name] = counts;
        if (_alertSamples.ContainsKey(alert.Fingerprint) || _alertSamples.Count < MaxAlertSamples)
        {
            _alertSamples[alert.Fingerprint] = alert;
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

    public RunbookProgress? Runbook(string id) => _runbooks.Find(r => string.Equals(r.Runbook, id, StringComparison.OrdinalIgnoreCase));

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

    /// <summary>When the incident first entered <paramref name="phase"/>, if it did.</summary>
    public DateTimeOffset? FirstEntered(Phase phase) =>
        _transitions.Find(t => t.To == phase)?.At;
}

/// <summary>What an incident remembers of every alert: whether it fires, and since when.</summary>
public readonly record struct AlertState(Alerts.AlertStatus Status, DateTimeOffset StartsAt);

/// <summary>How many alerts of one name are firing and resolved.</summary>
public readonly record struct AlertCounts(int Firing, int Resolved);

