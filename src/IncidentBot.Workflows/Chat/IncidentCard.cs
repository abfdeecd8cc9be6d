using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Lifecycle;

namespace IncidentBot.Workflows.Chat;

/// <summary>The incident card: what it is, who does what, what is still needed, and buttons for what can happen next.</summary>
public static class IncidentCard
{
    public static string Header(Incident incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        var severity = incident.Severity?.Label() ?? "SEV?";
        return $"{incident.Id} · {severity} · {incident.Phase.Name()} · {incident.Title}";
    }

    public static BotMessage Render(Incident incident, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(incident);
        var fields = new List<MessageField>
        {
            new("Phase", incident.Phase.Name()),
            new("Severity", incident.Severity?.Label() ?? "not set"),
            new("Commander", Person(incident.Commander)),
            new("Comms", Person(incident.Communications)),
            new("Scribe", Person(incident.Scribe)),
            new("Investigators", incident.Investigators.Count == 0 ? "none" : string.Join(", ", incident.Investigators.Select(i => "@" + i))),
            new("Impact", incident.Impact ?? "not recorded"),
            new("Services", incident.Services.Count == 0 ? "not set" : string.Join(", ", incident.Services)),
            new("Opened", $"{Format.DateTime(incident.OpenedAt, zone)} by @{incident.OpenedBy} ({incident.DetectionSource})"),
        };
        if (incident.FirstAlert is not null)
        {
            fields.Add(new("Alerts", AlertsField(incident, zone)));
        }

        var open = incident.Claims.Where(c => c.IsOpen).ToList();
        if (open.Count > 0)
        {
            fields.Add(new("Work board", string.Join("\n", open.Select(c => $"#{c.Number} {c.What} — @{c.Owner} since {Format.Clock(c.Since, zone)}"))));
        }

        var hypotheses = incident.Hypotheses;
        if (hypotheses.Count > 0)
        {
            fields.Add(new("Hypotheses", string.Join("\n", hypotheses.Select(h => $"#{h.Number} {h.Text} — {Verdict(h)}"))));
        }

        var durations = PhaseDurations.Of(incident);
        var timings = new[]
        {
            ("acknowledged", durations.ToAcknowledge),
            ("mitigated", durations.ToMitigate),
            ("resolved", durations.ToResolve),
            ("closed", durations.ToClose),
        }.Where(t => t.Item2 is not null).Select(t => $"{t.Item1} after {Format.Duration(t.Item2!.Value)}").ToList();
        if (timings.Count > 0)
        {
            fields.Add(new("Timings", string.Join(", ", timings)));
        }

        return new BotMessage
        {
            Incident = incident.Id,
            Header = Header(incident),
            Text = incident.Summary ?? "No summary yet: `/incident summary <text>`.",
            Fields = fields,
            Buttons = Buttons(incident),
            Context = Prompts(incident),
            Links = FirstFiring(incident) is { } alert ? [.. AlertText.ChatLinks(alert)] : [],
        };
    }

    /// <summary>What the alerts say: the first firing one in full (its words, labels and links), then how many more.</summary>
    private static string AlertsField(Incident incident, TimeZoneInfo zone)
    {
        var shown = FirstFiring(incident)!;
        var lines = new List<string> { AlertText.Line(shown, zone) };
        if (AlertText.Labels(shown) is { Length: > 0 } labels)
        {
            lines.Add(labels);
        }

        var more = new List<string>();
        if (incident.FiringAlerts > (shown.Status == Alerts.AlertStatus.Firing ? 1 : 0))
        {
            more.Add($"{incident.FiringAlerts} firing");
        }

        if (incident.AlertCount > incident.FiringAlerts)
        {
            more.Add($"{incident.AlertCount - incident.FiringAlerts} resolved");
        }

        if (incident.UnlistedAlerts > 0)
        {
            more.Add($"{incident.UnlistedAlerts} not listed by Alertmanager");
        }

        if (more.Count > 0)
        {
            lines.Add(string.Join(" · ", more));
        }

        return string.Join("\n", lines);
    }

    /// <summary>The alert the card shows: the first still firing, else the first that fired.</summary>
    private static Alerts.Alert? FirstFiring(Incident incident) =>
        incident.AlertSamples.Where(a => a.Status == Alerts.AlertStatus.Firing).OrderBy(a => a.StartsAt).FirstOrDefault() ?? incident.FirstAlert;

    /// <summary>One button for each trigger the current phase permits, plus taking command when nobody has.</summary>
    public static IReadOnlyList<ChatButton> Buttons(Incident incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        var buttons = new List<ChatButton>();
        if (incident.Commander is null && !incident.Phase.IsFinished())
        {
            buttons.Add(new ChatButton("I'll take commander", $"/incident role commander me {incident.Id}", ButtonStyle.Primary));
        }

        foreach (var transition in IncidentLifecycle.Permitted(incident.Phase))
        {
            var style = transition.To is Phase.Dismissed or Phase.Cancelled ? ButtonStyle.Danger : ButtonStyle.Default;
            buttons.Add(new ChatButton(transition.Label, WithId(transition.Command, incident.Id), style));
        }

        return buttons;
    }

    /// <summary>What the current phase still asks for, as the commands that supply it.</summary>
    public static IReadOnlyList<string> Prompts(Incident incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        var prompts = new List<string>();
        switch (incident.Phase)
        {
            case Phase.Detected:
                prompts.Add("Nobody has declared this yet: `/incident declare` if it is real, `/incident dismiss <reason>` if not.");
                break;
            case Phase.Triage:
                if (incident.Commander is null)
                {
                    prompts.Add("Who commands? `/incident role commander me`");
                }

                if (incident.Severity is null)
                {
                    prompts.Add("How bad is it? `/incident sev <1-4>`");
                }

                if (incident.Impact is null)
                {
                    prompts.Add("What do users see? `/incident impact <text>`");
                }

                if (incident.Commander is not null && incident.Severity is not null)
                {
                    prompts.Add("Ready to work on it: `/incident recover`");
                }

                break;
            case Phase.Recovering:
                prompts.Add("Claim work before you start it: `/incident claim <what>`. When the fix is in: `/incident mitigated <what was done>`.");
                break;
            case Phase.Verifying:
                var checks = incident.ActiveChecks.ToList();
                if (checks.Count > 0)
                {
                    var passing = checks.Count(c => c.Outcome == Verification.CheckOutcome.Passing);
                    prompts.Add($"Verification checks: {passing} of {checks.Count} passing (`/incident check`).");
                }

                prompts.Add("Check that users are fine, then `/incident verified`; if not, `/incident verify-failed <what is still wrong>`.");
                break;
            case Phase.Reporting:
                prompts.Add(incident.PostmortemStatus switch
                {
                    Incidents.Events.PostmortemStatus.Published => "The postmortem is published: `/incident close`.",
                    Incidents.Events.PostmortemStatus.Approved => "The postmortem is approved: `/incident postmortem publish`, then `/incident close`.",
                    Incidents.Events.PostmortemStatus.InReview => "The postmortem is in review: reviewers `/incident postmortem approve`.",
                    _ => "Write the postmortem (`/incident postmortem`), name reviewers (`/incident reviewer @name`) and add action items (`/incident action <what> @owner due <date>`); `/incident close` once it is published or not required.",
                });
                break;
        }

        return prompts;
    }

    private static string WithId(string command, IncidentId id)
    {
        var placeholder = command.IndexOf(" <", StringComparison.Ordinal);
        return placeholder < 0 ? $"{command} {id}" : $"{command[..placeholder]} {id}{command[placeholder..]}";
    }

    private static string Person(string? user) => user is null ? "nobody yet" : "@" + user;

    private static string Verdict(Hypothesis h) => h.Verdict switch
    {
        Incidents.Events.HypothesisVerdict.Confirmed => $"confirmed by @{h.TestedBy}: {h.Evidence}",
        Incidents.Events.HypothesisVerdict.RuledOut => $"ruled out by @{h.TestedBy}: {h.Evidence}",
        _ => $"open (@{h.RaisedBy})",
    };
}
