using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Incidents.Events;
using IncidentBot.Workflows.Language;
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
                Header = Say.T($"{runbook.Id} · finished", $"{runbook.Id} · 完了"),
                Text = $"{lead}\n{Summary(progress)}",
                Buttons = IncidentCard.Buttons(incident),
            };
        }

        var step = runbook.Steps[progress.Current - 1];
        var reference = $"{runbook.Id}#{step.Number}";
        var buttons = new List<ChatButton>();
        if (progress.NeedsApproval(step.Number))
        {
            buttons.Add(new ChatButton(Say.T("Approve (commander)", "承認（インシデントコマンダー）"), $"/incident step approve {reference} {incident.Id}", ButtonStyle.Danger));
        }

        buttons.Add(new ChatButton(Say.T("Done", "完了"), $"/incident step done {reference} {incident.Id}", ButtonStyle.Primary));
        buttons.Add(new ChatButton(Say.T("Failed", "失敗"), $"/incident step failed {reference} {incident.Id} <what you saw>"));
        buttons.Add(new ChatButton(Say.T("Skip", "スキップ"), $"/incident step skip {reference} {incident.Id} <why>"));
        buttons.Add(new ChatButton(Say.T("I'll do this step", "この手順を引き受ける"), $"/incident claim {reference} {step.Title} {incident.Id}"));
        var context = new List<string> { Where(runbook, step) };
        if (step.Destructive)
        {
            context.Insert(0, progress.NeedsApproval(step.Number)
                ? Say.T($"⚠ Destructive: the commander{(incident.Commander is null ? "" : $" (@{incident.Commander})")} approves before anyone runs it.",
                    $"⚠ 破壊的な手順です。実行する前にインシデントコマンダー{(incident.Commander is null ? "" : $"（@{incident.Commander}）")}の承認が必要です。")
                : Say.T("⚠ Destructive: approved by the commander.", "⚠ 破壊的な手順です。インシデントコマンダーが承認済みです。"));
        }

        return new BotMessage
        {
            Incident = incident.Id,
            Header = Say.T($"{runbook.Id} · step {step.Number}/{runbook.Steps.Count} · {step.Title}", $"{runbook.Id} · 手順 {step.Number}/{runbook.Steps.Count} · {step.Title}"),
            Text = lead.Length == 0 ? step.Action : $"{lead}\n\n{step.Action}",
            Fields =
            [
                new(Say.T("Run", "実行"), step.Command ?? "") { Code = step.Command is not null },
                new(Say.T("Expect", "期待する結果"), step.Expected),
                new(Say.T("If not", "そうでない場合"), step.IfNot),
            ],
            Buttons = buttons,
            Context = context,
        };
    }

    public static string Summary(RunbookProgress progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        var counts = progress.Answers.Where(a => a.Answer != StepAnswer.Approved).GroupBy(a => a.Answer)
            .Select(g => Say.T($"{g.Count()} {g.Key.ToString().ToLowerInvariant()}", $"{Answer(g.Key)} {g.Count()} 件"));
        var title = progress.Finished ? "" : progress.Steps[progress.Current - 1];
        var where = progress.Finished ? Say.T("finished", "完了")
            : Say.T($"step {progress.Current}/{progress.Steps.Count}: {title}", $"手順 {progress.Current}/{progress.Steps.Count}：{title}");
        var answers = string.Join(Say.T(", ", "、"), counts.DefaultIfEmpty(Say.T("no answers yet", "回答なし")));
        return Say.T($"{progress.Runbook} — {where} ({answers})", $"{progress.Runbook} — {where}（{answers}）");
    }

    public static string Proposals(IReadOnlyList<ProposedRunbook> proposals) =>
        Say.T("Runbooks that fit, best first:\n", "当てはまる Runbook（合うものから順に）：\n")
        + string.Join("\n", proposals.Select((p, i) => $"{i + 1}. `{p.Runbook}` {p.Title} — {string.Join(Say.T("; ", "／"), p.Reasons)}"));

    public static IEnumerable<ChatButton> ProposalButtons(IReadOnlyList<ProposedRunbook> proposals, IncidentId id) =>
        proposals.Select(p => new ChatButton(Say.T($"Run {p.Runbook}", $"{p.Runbook} を実行"), $"/incident runbook {p.Runbook} {id}"));

    /// <summary>Where the step is written: a link when the runbook folder's web address is configured, else the path in the repository.</summary>
    private static string Where(Runbook runbook, RunbookStep step) => runbook.SourceUrl?.AbsoluteUri is { } url
        ? Say.T($"Source: {url} (line {step.Line})", $"出典：{url}（{step.Line} 行目）")
        : Say.T($"Source: {runbook.Source}:{step.Line}", $"出典：{runbook.Source}:{step.Line}");

    /// <summary>A step's answer in Japanese: 「完了」「失敗」「スキップ」「承認」.</summary>
    private static string Answer(StepAnswer answer) => answer switch
    {
        StepAnswer.Done => "完了",
        StepAnswer.Failed => "失敗",
        StepAnswer.Skipped => "スキップ",
        _ => "承認",
    };
}
