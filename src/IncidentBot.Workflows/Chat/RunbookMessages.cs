using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Incidents.Events;
using IncidentBot.Workflows.Runbooks;

namespace IncidentBot.Workflows.Chat;

/// <summary>How the bot shows runbooks: the current step with its buttons, progress, and proposals.</summary>
public static class RunbookMessages
{
    public static BotMessage Step(Incident incident, Runbook runbook, RunbookProgress progress, string lead)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(runbook);
        ArgumentNullException.ThrowIfNull(progress);
        if (progress.Finished)
        {
            return new BotMessage
            {
                Incident = incident.Id,
                Header = $"{runbook.Id} · finished",
                Text = $"{lead}\n{Summary(progress)}",
                Buttons = IncidentCard.Buttons(incident),
            };
        }

        var step = runbook.Steps[progress.Current - 1];
        var reference = $"{runbook.Id}#{step.Number}";
        var buttons = new List<ChatButton>();
        if (progress.NeedsApproval(step.Number))
        {
            buttons.Add(new ChatButton("Approve (commander)", $"/incident step approve {reference} {incident.Id}", ButtonStyle.Danger));
        }

        buttons.Add(new ChatButton("Done", $"/incident step done {reference} {incident.Id}", ButtonStyle.Primary));
        buttons.Add(new ChatButton("Failed", $"/incident step failed {reference} {incident.Id} <what you saw>"));
        buttons.Add(new ChatButton("Skip", $"/incident step skip {reference} {incident.Id} <why>"));
        buttons.Add(new ChatButton("I'll do this step", $"/incident claim {reference} {step.Title} {incident.Id}"));
        var context = new List<string> { $"Source: {runbook.Source}:{step.Line}" };
        if (step.Destructive)
        {
            context.Insert(0, progress.NeedsApproval(step.Number)
                ? $"⚠ Destructive: the commander{(incident.Commander is null ? "" : $" (@{incident.Commander})")} approves before anyone runs it."
                : "⚠ Destructive: approved by the commander.");
        }

        return new BotMessage
        {
            Incident = incident.Id,
            Header = $"{runbook.Id} · step {step.Number}/{runbook.Steps.Count} · {step.Title}",
            Text = lead.Length == 0 ? step.Action : $"{lead}\n\n{step.Action}",
            Fields =
            [
                new("Run", step.Command ?? "") { Code = step.Command is not null },
                new("Expect", step.Expected),
                new("If not", step.IfNot),
            ],
            Buttons = buttons,
            Context = context,
        };
    }

    public static string Summary(RunbookProgress progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        var counts = progress.Answers.Where(a => a.Answer != StepAnswer.Approved).GroupBy(a => a.Answer)
            .Select(g => $"{g.Count()} {g.Key.ToString().ToLowerInvariant()}");
        var where = progress.Finished ? "finished" : $"step {progress.Current}/{progress.Steps.Count}: {progress.Steps[progress.Current - 1]}";
        return $"{progress.Runbook} — {where} ({string.Join(", ", counts.DefaultIfEmpty("no answers yet"))})";
    }

    public static string Proposals(IReadOnlyList<ProposedRunbook> proposals) =>
        "Runbooks that fit, best first:\n" + string.Join("\n", proposals.Select((p, i) => $"{i + 1}. `{p.Runbook}` {p.Title} — {string.Join("; ", p.Reasons)}"));

    public static IEnumerable<ChatButton> ProposalButtons(IReadOnlyList<ProposedRunbook> proposals, IncidentId id) =>
        proposals.Select(p => new ChatButton($"Run {p.Runbook}", $"/incident runbook {p.Runbook} {id}"));
}
