using System.Text;
using System.Text.RegularExpressions;
using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Incidents.Events;

namespace IncidentBot.Workflows.Chat;

/// <summary>
/// A cloud support inquiry drafted from the incident's own facts, with the fields a support
/// engineer needs first (seed 003): when it started, whether it is still going on, region,
/// service, resource ids, account and user, what was tried, and logs and evidence. What the
/// incident does not know is left as a placeholder in angle brackets, never guessed.
/// </summary>
public static partial class SupportCaseDraft
{
    public static BotMessage Render(Incident incident, IReadOnlyList<RecordedEvent> events, DateTimeOffset now, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(events);
        var texts = IncidentTexts.Of(events).Append(incident.Title).Append(incident.Summary ?? "").ToList();
        var started = incident.Start;
        var ongoing = incident.Phase is Phase.Reporting or Phase.Closed
            ? $"No: resolved for users at {Format.DateTime(incident.FirstEntered(Phase.Reporting) ?? now, zone)}"
            : $"Yes, still ongoing at {Format.DateTime(now, zone)} ({incident.Phase.Name()})";
        var regions = IncidentTexts.Find(RegionPattern(), texts);
        var resources = IncidentTexts.Find(ResourcePattern(), texts).Where(r => !SupportCaseEvidence.IsIdentity(r)).ToList();
        var accounts = IncidentTexts.Find(AccountPattern(), texts).Select(a => a.Split(':')[4]).Distinct().ToList();
        var identities = SupportCaseEvidence.Identities(texts);
        var quotes = SupportCaseEvidence.Quotes(events, zone);
        var links = IncidentTexts.Links(texts);
        var open = incident.Hypotheses.Where(h => h.Verdict == HypothesisVerdict.Open).ToList();

        var tried = new List<string>();
        tried.AddRange(incident.Transitions.Where(t => t.Reason is not null && t.Trigger is Lifecycle.Trigger.Mitigated or Lifecycle.Trigger.VerificationFailed)
            .Select(t => $"{Format.Clock(t.At, zone)} {(t.Trigger == Lifecycle.Trigger.Mitigated ? "mitigation" : "still failing")}: {t.Reason}"));
        tried.AddRange(incident.Claims.Where(c => c.Finding is not null).Select(c => $"{c.What}: {c.Finding}"));
        tried.AddRange(incident.Hypotheses.Where(h => h.Verdict != HypothesisVerdict.Open).Select(h => $"hypothesis \"{h.Text}\" {(h.Verdict == HypothesisVerdict.Confirmed ? "confirmed" : "ruled out")}: {h.Evidence}"));
        tried.AddRange(incident.Runbooks.SelectMany(r => r.Answers.Where(a => a.Answer != StepAnswer.Approved)
            .Select(a => $"runbook {r.Runbook} step {a.Step} \"{r.Steps[a.Step - 1]}\": {a.Answer.ToString().ToLowerInvariant()}{(a.Note is null ? "" : " — " + a.Note)}")));

        var draft = new StringBuilder();
        draft.Append("Subject: ").Append(incident.Severity is { } s ? Urgency(s) + ": " : "").Append(incident.Title).Append('\n');
        Line(draft, "Started", $"{Format.DateTime(started, zone)}{(started < incident.OpenedAt ? " (first sign, before the incident was opened)" : "")}");
        Line(draft, "Ongoing", ongoing);
        Line(draft, "Region", Or(regions, "<region, e.g. ap-northeast-1>"));
        Line(draft, "Service", incident.Services.Count == 0 ? "<AWS service, e.g. RDS for MySQL>" : string.Join(", ", incident.Services));
        Line(draft, "Resource ids", Or(resources, "<instance, cluster or ARN ids>"));
        Line(draft, "Account and user", $"{Or(accounts, "<AWS account id>")} / {Or(identities, "<IAM user or role that saw the error>")}");
        Line(draft, "Impact", incident.Impact ?? "<what users see, and how many>");
        draft.Append("What we tried:\n");
        draft.Append(tried.Count == 0 ? "- <what was checked or changed, with times>\n" : string.Join("", tried.Select(t => $"- {t}\n")));
        draft.Append("Still open (not yet tested):\n");
        draft.Append(open.Count == 0 ? "- none\n" : string.Join("", open.Select(h => $"- hypothesis #{h.Number}: {h.Text}\n")));
        draft.Append("Logs and evidence:\n");
        draft.Append(quotes.Count + links.Count == 0
            ? "- <links to dashboards, log queries, error messages with timestamps, command output, ping/traceroute, screenshots>\n"
            : string.Join("", quotes.Select(q => $"- {q}\n")) + string.Join("", links.Select(l => $"- {l}\n")));
        draft.Append("Question: <the one thing you need support to answer or do>\n");

        return new BotMessage
        {
            Incident = incident.Id,
            Header = $"{incident.Id} · support case draft",
            Text = draft.ToString(),
            Context = Caution(incident, quotes, links)
                .Append("Copy it into the provider's support console. Fill every <placeholder>; add `note` entries with links, ids, log lines and command output and the draft picks them up.")
                .ToList(),
            Visibility = MessageVisibility.Ephemeral,
        };
    }

    /// <summary>
    /// Seed 000's regret: a ticket written in a hurry while the team's own metrics already explained it.
    /// Said when nothing is saved as evidence and no hypothesis has been tested.
    /// </summary>
    private static IEnumerable<string> Caution(Incident incident, IReadOnlyList<string> quotes, IReadOnlyList<string> links) =>
        quotes.Count + links.Count == 0 && incident.Hypotheses.All(h => h.Verdict == HypothesisVerdict.Open)
            ? ["Caution: no evidence is saved and no hypothesis has been tested yet. Check your own metrics first (a traffic surge looks like a provider fault); save what you see with `/incident note`, then send the case."]
            : [];

    private static string Urgency(Severity severity) => severity switch
    {
        Severity.Sev1 => "Production system down",
        Severity.Sev2 => "Production system impaired",
        Severity.Sev3 => "System impaired",
        _ => "General guidance",
    };

    private static string Or(IReadOnlyList<string> found, string placeholder) => found.Count == 0 ? placeholder : string.Join(", ", found);

    private static void Line(StringBuilder draft, string name, string value) => draft.Append(name).Append(": ").Append(value).Append('\n');

    [GeneratedRegex(@"\b(?:us|eu|ap|sa|ca|me|af|il|mx)-(?:north|south|east|west|central|northeast|southeast|northwest|southwest)-\d\b")]
    private static partial Regex RegionPattern();

    [GeneratedRegex(@"\barn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:\d{12}:[^\s,]+|\b(?:i|vol|sg|subnet|vpc|eni|ami|snap)-[0-9a-f]{8,17}\b")]
    private static partial Regex ResourcePattern();

    [GeneratedRegex(@"\barn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:\d{12}:")]
    private static partial Regex AccountPattern();

}
