using IncidentBot.Workflows.Chat;
using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Lifecycle;
using IncidentBot.Workflows.Verification;

namespace IncidentBot.Api;

/// <summary>An incident as <c>GET /api/incidents/{id}</c> returns it. Phases, roles and triggers are lower case.</summary>
public sealed record IncidentJson(
    string Id,
    long Number,
    string Title,
    string? Severity,
    string Phase,
    string? Summary,
    string? Impact,
    IReadOnlyList<string> Services,
    RolesJson Roles,
    string OpenedBy,
    DateTimeOffset OpenedAt,
    DateTimeOffset UpdatedAt,
    string DetectionSource,
    string? Channel,
    object? WarRoom,
    string Room,
    string? MitigationNote,
    string? Verifier,
    IReadOnlyDictionary<string, DateTimeOffset> PhaseEnteredAt,
    DurationsJson Durations,
    IReadOnlyList<object> Transitions,
    IReadOnlyList<object> Handovers,
    IReadOnlyList<object> Claims,
    IReadOnlyList<object> Hypotheses,
    IReadOnlyList<object> Runbooks,
    IReadOnlyList<object> Proposals,
    IReadOnlyList<ButtonJson> Actions,
    AlertsJson Alerts,
    IReadOnlyList<object> Checks,
    IReadOnlyList<object> Snapshots,
    long Version,
    object? Postmortem = null,
    IReadOnlyList<object>? ActionItems = null)
{
    public static IncidentJson From(Incident i)
    {
        ArgumentNullException.ThrowIfNull(i);
        var entered = new Dictionary<string, DateTimeOffset> { ["detected"] = i.OpenedAt };
        foreach (var t in i.Transitions)
        {
            entered.TryAdd(t.To.Name(), t.At);
        }

        var durations = PhaseDurations.Of(i);
        return new IncidentJson(
            i.Id.ToString(),
            i.Id.Number,
            i.Title,
            i.Severity?.Label(),
            i.Phase.Name(),
            i.Summary,
            i.Impact,
            i.Services,
            new RolesJson(i.Commander, i.Communications, i.Scribe, i.Investigators),
            i.OpenedBy,
            i.OpenedAt,
            i.UpdatedAt,
            i.DetectionSource,
            i.Room?.Key,
            i.Room is { } room ? new { platform = room.Platform, conversation = room.Conversation, name = i.RoomName } : null,
            i.Id.RoomChannel,
            i.MitigationNote,
            i.Verifier,
            entered,
            new DurationsJson(Seconds(durations.ToAcknowledge), Seconds(durations.ToMitigate), Seconds(durations.ToResolve), Seconds(durations.ToClose)),
            [.. i.Transitions.Select(t => new { trigger = Trigger(t.Trigger), from = t.From.Name(), to = t.To.Name(), at = t.At, actor = t.Actor, reason = t.Reason })],
            [.. i.Handovers.Select(h => new { role = h.Role.Name(), from = h.From, to = h.To, at = h.At, by = h.By })],
            [.. i.Claims.Select(c => new { number = c.Number, what = c.What, owner = c.Owner, since = c.Since, status = c.Outcome?.ToString().ToLowerInvariant() ?? "open", finding = c.Finding, endedAt = c.EndedAt })],
            [.. i.Hypotheses.Select(h => new { number = h.Number, text = h.Text, raisedBy = h.RaisedBy, raisedAt = h.RaisedAt, verdict = Verdict(h), evidence = h.Evidence, testedBy = h.TestedBy })],
            [.. i.Runbooks.Select(r => new
            {
                id = r.Runbook,
                title = r.Title,
                steps = r.Steps,
                current = r.Current,
                finished = r.Finished,
                answers = r.Answers.Select(a => new { step = a.Step, answer = a.Answer.ToString().ToLowerInvariant(), actor = a.Actor, at = a.At, note = a.Note }),
            })],
            [.. i.Proposals.Select(p => new { id = p.Runbook, title = p.Title, score = p.Score, reasons = p.Reasons })],
            [.. IncidentCard.Buttons(i).Select(b => new ButtonJson(b.Label, b.Command, b.Style.ToString().ToLowerInvariant(), b.NeedsInput))],
            AlertsJson.Of(i),
            [.. i.ActiveChecks.Select(c => new
            {
                number = c.Number,
                condition = c.Condition.ToString(),
                threshold = c.Condition.Threshold,
                source = c.Source,
                outcome = c.Outcome.Name(),
                detail = c.Last?.Detail,
                readAt = c.Last?.At,
                points = Points(c.Last?.Points ?? []),
            })],
            [.. i.Snapshots.Select(s => new { metric = s.Metric, statistic = s.Statistic, why = s.Why, at = s.At, problem = s.Problem, points = Points(s.Points) })],
            i.Version,
            new
            {
                status = i.PostmortemStatus.Name(),
                author = Workflows.Postmortems.PostmortemSections.Author(i),
                reviewers = i.Reviewers,
                approvals = i.Approvals,
                sections = i.PostmortemTexts,
                unwritten = Workflows.Postmortems.PostmortemSections.Unwritten(i),
                impactFrom = i.ImpactFrom,
                impactTo = i.ImpactTo,
                noImpact = i.NoImpact,
                detectedBy = i.DetectedBy,
            },
            [.. i.ActionItems.Select(a => new
            {
                number = a.Number,
                text = a.Text,
                owner = a.Owner,
                due = a.Due,
                status = a.Done switch { true => "done", false => "cancelled", null => "open" },
                note = a.Note,
                ticket = a.Ticket,
                ticketUrl = a.TicketUrl,
            })]);
    }

    private static object[] Points(IReadOnlyList<Workflows.Verification.MetricPoint> points) =>
        [.. points.Select(p => new { at = p.At, value = p.Value })];

    private static double? Seconds(TimeSpan? span) => span?.TotalSeconds;

    private static string Trigger(Trigger trigger) => trigger switch
    {
        Workflows.Lifecycle.Trigger.StartRecovery => "start-recovery",
        Workflows.Lifecycle.Trigger.VerificationFailed => "verification-failed",
        _ => trigger.ToString().ToLowerInvariant(),
    };

    private static string Verdict(Hypothesis h) => h.Verdict switch
    {
        Workflows.Incidents.Events.HypothesisVerdict.Confirmed => "confirmed",
        Workflows.Incidents.Events.HypothesisVerdict.RuledOut => "ruled-out",
        _ => "open",
    };
}

public sealed record RolesJson(string? Commander, string? Communications, string? Scribe, IReadOnlyList<string> Investigators);

/// <summary>Seconds from opening to each milestone, from the recorded transitions; null until reached.</summary>
public sealed record DurationsJson(double? ToAcknowledge, double? ToMitigate, double? ToResolve, double? ToClose);

/// <summary>
/// The incident's alerts: counts (and how many the sender left unlisted), the one that fired first, and
/// the firing ones among those kept in full (the first 50 to arrive), oldest first.
/// </summary>
public sealed record AlertsJson(int Total, int Firing, int Resolved, int Unlisted, object? First, IReadOnlyList<object> FiringAlerts)
{
    public static AlertsJson Of(Incident incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        var firing = incident.AlertSamples.Where(a => a.Status == Workflows.Alerts.AlertStatus.Firing).OrderBy(a => a.StartsAt).ToList();
        return new AlertsJson(incident.AlertCount, incident.FiringAlerts, incident.AlertCount - incident.FiringAlerts, incident.UnlistedAlerts,
            incident.FirstAlert is { } first ? Json(first) : null,
            [.. firing.Take(50).Select(Json)]);
    }

    private static object Json(Workflows.Alerts.Alert a) => new
    {
        source = a.Source,
        fingerprint = a.Fingerprint,
        name = a.Name,
        status = a.Status == Workflows.Alerts.AlertStatus.Firing ? "firing" : "resolved",
        labels = a.Labels,
        annotations = a.Annotations,
        startsAt = a.StartsAt,
        links = a.Links,
        silenceUrl = a.SilenceUrl,
    };
}
