using IncidentBot.Workflows.Incidents.Events;
using IncidentBot.Workflows.Lifecycle;

namespace IncidentBot.Workflows.Incidents;

/// <summary>
/// An incident's state, folded from its events. Nothing here is stored: replaying the same events
/// always gives the same state.
/// </summary>
public sealed partial class Incident
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
    private readonly Dictionary<string, int> _unlisted = new(StringComparer.Ordinal);
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

    /// <summary>The alert that fired first (the earliest start among those received), if any did.</summary>
    public Alerts.Alert? FirstAlert { get; private set; }


    /// <summary>Alerts the senders left out of their latest deliveries: maybe firing, never seen (so never "all resolved" while any are).</summary>
    public int UnlistedAlerts => _unlisted.Values.Sum();

    /// <summary>What sender group <paramref name="group"/> left out of its latest delivery.</summary>
    public int UnlistedIn(string group) => _unlisted.GetValueOrDefault(group);

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

    public RunbookProgress? Runbook(string id) => _runbooks.Find(r => string.Equals(r.Runbook, id, StringComparison.OrdinalIgnoreCase));

    /// <summary>When the incident first entered <paramref name="phase"/>, if it did.</summary>
    public DateTimeOffset? FirstEntered(Phase phase) =>
        _transitions.Find(t => t.To == phase)?.At;
}

/// <summary>What an incident remembers of every alert: whether it fires, and since when.</summary>
public readonly record struct AlertState(Alerts.AlertStatus Status, DateTimeOffset StartsAt);

/// <summary>How many alerts of one name are firing and resolved.</summary>
public readonly record struct AlertCounts(int Firing, int Resolved);

