using System.Globalization;
using System.Text;
using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Incidents.Events;
using IncidentBot.Workflows.Language;
using IncidentBot.Workflows.Lifecycle;
using IncidentBot.Workflows.Timeline;
using IncidentBot.Workflows.Verification;

namespace IncidentBot.Workflows.Postmortems;

/// <summary>
/// Writes the draft from the events: period, roles and handovers, responders, timings, runbook
/// steps, hypotheses, claims and findings, mitigations, detection, timeline and references. What
/// only people know is left as a prompt. Blameless: it names roles and systems, and warns where
/// people's own words name a culprit.
/// </summary>
public static class PostmortemBuilder
{
    public static PostmortemDraft Build(Incident incident, IReadOnlyList<RecordedEvent> events, DateTimeOffset now, PostmortemOptions options)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(options);
        using var language = Say.Use(options.Locale); // rows written through Say.T (timeline, severity) follow the draft's locale, not the caller's
        var l = options.Locale;
        string T(string key, params object[] args) => PostmortemText.T(l, key, args);

        var start = incident.Start;
        var resolved = incident.FirstEntered(Phase.Reporting);
        var requirement = PostmortemRequirement.Of(incident, start, resolved ?? now, options);
        var texts = IncidentTexts.Of(events).ToList();
        var confirmed = incident.Hypotheses.Where(h => h.Verdict == HypothesisVerdict.Confirmed).ToList();

        var sections = new List<PostmortemSection>
        {
            new("summary", T("summary"), incident.Summary, incident.Summary is null ? T("prompt.summary") : null),
            new("impact", T("impact"), incident.Impact, incident.Impact is null ? T("prompt.impact") : null),
            new("root-cause", T("root-cause"), confirmed.Count == 0 ? null : T("confirmed") + "\n" + string.Join("\n", confirmed.Select(h => "- " + T("item", h.Text, h.Evidence ?? ""))), T("prompt.root-cause")),
            new("trigger", T("trigger"), null, T("prompt.trigger")),
            new("response", T("response"), Response(incident, events, start, options), T("prompt.response")),
            new("detection", T("detection"), PostmortemDetection.Text(incident, options), T(incident.FirstAlert is null ? "prompt.detection" : "prompt.detection.known")),
            new("went-well", T("went-well"), null, T("prompt.went-well")),
            new("went-badly", T("went-badly"), null, T("prompt.went-badly")),
            new("lucky", T("lucky"), null, T("prompt.lucky")),
            new("action-items", T("action-items"),
                incident.ActionItems.Count == 0 ? null : string.Join("\n", incident.ActionItems.Select(a => "- " + T("action.item", a.Number, a.Text, Person(a.Owner),
                    a.Due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), T(a.Done switch { true => "action.done", false => "action.cancelled", _ => "action.open" })))),
                incident.ActionItems.Count == 0 ? T("prompt.action-items") : null),
        };
        if (incident.PostmortemTexts.ContainsKey("notes"))
        {
            sections.Add(new("notes", T("notes"), null, null));
        }

        // What people wrote replaces the question; the facts the bot gathered stay beside it.
        var final = incident.PostmortemStatus == PostmortemStatus.Published;
        sections = [.. sections.Select(s => incident.PostmortemTexts.TryGetValue(s.Key, out var written) ? s with { Prompt = null, Written = written } : final ? s with { Prompt = null } : s)];

        var timeline = TimelineBuilder.Build(events).Select(e => new PostmortemTimelineRow(
            e.Sequence,
            e.OccurredAt,
            TimeZoneInfo.ConvertTime(e.OccurredAt, options.Zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
            e.Actor,
            e.CorrectedText ?? e.Text,
            e.Key || e.Kind is "phase" or "flag")).ToList();

        return new PostmortemDraft(
            incident.Id.ToString(),
            incident.Title,
            l,
            options.Zone.Id,
            resolved ?? now,
            start,
            resolved,
            PostmortemSections.Author(incident),
            incident.Reviewers,
            T(incident.PostmortemStatus switch
            {
                PostmortemStatus.InReview => "status.in-review",
                PostmortemStatus.Approved => "status.approved",
                PostmortemStatus.Published => "status.published",
                _ => "status.draft",
            }),
            incident.Severity?.Label(),
            requirement,
            sections,
            timeline,
            [.. IncidentTexts.Links(texts).Concat(PostmortemDetection.Links(incident)).Distinct(StringComparer.Ordinal)],
            BlamelessCheck.Find(texts.Concat(incident.PostmortemTexts.Values), l),
            final,
            PostmortemHead.Of(incident, requirement, options));
    }

    private static string Response(Incident incident, IReadOnlyList<RecordedEvent> events, DateTimeOffset start, PostmortemOptions options)
    {
        var l = options.Locale;
        string T(string key, params object[] args) => PostmortemText.T(l, key, args);
        string Clock(DateTimeOffset t) => TimeZoneInfo.ConvertTime(t, options.Zone).ToString("HH:mm", CultureInfo.InvariantCulture);
        var text = new StringBuilder();

        string Item(string label, string value) => "- " + T("item", label, value) + "\n";

        text.Append("**").Append(T("roles")).Append("**\n\n");
        foreach (var (role, key) in new[] { (Role.Commander, "role.commander"), (Role.Communications, "role.comms"), (Role.Scribe, "role.scribe") })
        {
            var handovers = incident.Handovers.Where(h => h.Role == role && h.From is not null && h.To is not null)
                .Select(h => T("handover", Person(h.From!), Person(h.To!), Clock(h.At))).ToList();
            text.Append(Item(T(key), (incident.Holder(role) is { } holder ? Person(holder) : T("nobody"))
                + (handovers.Count == 0 ? "" : T("handovers", PostmortemText.Join(l, handovers)))));
        }

        var investigators = incident.Handovers.Where(h => h.Role == Role.Investigator && h.To is not null).Select(h => Person(h.To!)).Distinct().ToList();
        text.Append(Item(T("role.investigators"), investigators.Count == 0 ? T("none") : PostmortemText.Comma(l, investigators)));
        var responders = events.Select(e => e.Event.Actor).Where(a => a != "incidentbot").Distinct(StringComparer.OrdinalIgnoreCase).Select(Person);
        text.Append(Item(T("responders"), PostmortemText.Comma(l, responders))).Append('\n');

        var durations = PhaseDurations.Of(incident);
        text.Append("**").Append(T("timings")).Append("**\n\n");
        var rows = new List<(string, TimeSpan?)>
        {
            (T("t.detect"), start < incident.OpenedAt ? incident.OpenedAt - start : null),
            (T("t.ack"), durations.ToAcknowledge),
            (T("t.mitigate"), durations.ToMitigate),
            (T("t.resolve"), durations.ToResolve),
            (T("t.close"), durations.ToClose),
        };
        foreach (var (label, span) in rows.Where(r => r.Item2 is not null))
        {
            text.Append(Item(label, PostmortemText.Duration(l, span!.Value)));
        }

        var mitigations = incident.Transitions.Where(t => t.Trigger is Trigger.Mitigated or Trigger.VerificationFailed && t.Reason is not null)
            .Select(t => t.Trigger == Trigger.Mitigated ? T("mitigation", Clock(t.At), t.Reason!) : T("verify-failed", Clock(t.At), t.Reason!)).ToList();
        if (mitigations.Count > 0)
        {
            text.Append("\n**").Append(T("mitigations")).Append("**\n\n").Append(string.Join("", mitigations.Select(m => $"- {m}\n")));
            if (incident.Verifier is not null)
            {
                text.Append("- ").Append(T("verified-by", Person(incident.Verifier))).Append('\n');
            }
        }

        foreach (var check in incident.ActiveChecks.Where(c => c.Last is not null))
        {
            text.Append("- ").Append(T("check", check.Condition.ToString(), EventWords.CheckSource(check.Source), T("check." + check.Outcome), Clock(check.Last!.At))).Append('\n');
        }

        if (incident.Runbooks.Count > 0)
        {
            text.Append("\n**").Append(T("runbooks")).Append("**\n\n");
            foreach (var runbook in incident.Runbooks)
            {
                text.Append("- `").Append(runbook.Runbook).Append("` ").Append(runbook.Title).Append('\n');
                foreach (var answer in runbook.Answers)
                {
                    text.Append("  - ").Append(T("runbook.step", answer.Step.ToString(CultureInfo.InvariantCulture), runbook.Steps[answer.Step - 1],
                            T("answer." + answer.Answer.ToString().ToLowerInvariant()), Person(answer.Actor), Clock(answer.At)))
                        .Append(answer.Note is null ? "" : " — " + answer.Note).Append('\n');
                }
            }
        }

        if (incident.Hypotheses.Count > 0)
        {
            text.Append("\n**").Append(T("hypotheses")).Append("**\n\n");
            foreach (var h in incident.Hypotheses)
            {
                var verdict = h.Verdict switch
                {
                    HypothesisVerdict.Confirmed => T("verdict.confirmed", Person(h.TestedBy!), h.Evidence ?? ""),
                    HypothesisVerdict.RuledOut => T("verdict.ruled-out", Person(h.TestedBy!), h.Evidence ?? ""),
                    _ => T("verdict.open"),
                };
                text.Append("- ").Append(h.Text).Append(" — ").Append(verdict).Append('\n');
            }
        }

        if (incident.Claims.Count > 0)
        {
            text.Append("\n**").Append(T("work")).Append("**\n\n");
            foreach (var c in incident.Claims)
            {
                var outcome = c.Outcome switch
                {
                    ClaimOutcome.Done => c.Finding,
                    ClaimOutcome.Released => T("claim.released"),
                    _ => T("claim.open"),
                };
                text.Append("- ").Append(T("claim", c.What, Person(c.Owner), Clock(c.Since), outcome ?? "")).Append('\n');
            }
        }

        foreach (var flag in incident.Flags)
        {
            text.Append("\n- ").Append(T("flag." + flag.Flag, flag.Note));
        }

        return text.ToString().TrimEnd();
    }

    private static string Person(string user) => "@" + user;
}
