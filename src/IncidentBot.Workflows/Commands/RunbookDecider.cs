using System.Globalization;
using IncidentBot.Workflows.Chat;
using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Incidents.Events;
using IncidentBot.Workflows.Language;
using IncidentBot.Workflows.Runbooks;
using IncidentBot.Workflows.Timeline;

namespace IncidentBot.Workflows.Commands;

/// <summary>Decides <c>runbook</c> (attach, show, progress) and <c>step</c> (done, failed, skip, approve).</summary>
public static class RunbookDecider
{
    public static Decision Runbook(Incident incident, ParsedCommand command, CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(context);
        if (command.Args.Count == 0)
        {
            return Decision.Answer(_ => Progress(incident, context));
        }

        var id = command.Args[0].Text;
        var runbook = context.Runbooks.Find(id);
        if (runbook is null)
        {
            // Suggest only runbooks near what was typed (a typo, or a part of the id); otherwise name them all.
            var lower = Chat.TextCut.Cut(id, 60).ToLowerInvariant();
            var near = context.Runbooks.Near(lower);
            var all = context.Runbooks.Runbooks.Select(r => r.Id).ToList();
            return Decision.Refuse(new Refusal(
                all.Count == 0 ? Say.T($"There is no runbook '{lower}', and the bot has no runbooks loaded.", $"Runbook「{lower}」はありません。読み込まれている Runbook もありません。")
                : near.Count > 0 ? Say.T($"There is no runbook '{lower}'. Did you mean: {string.Join(", ", near)}?", $"Runbook「{lower}」はありません。近いもの：{string.Join("、", near)}。")
                : Say.T($"There is no runbook '{lower}'. The runbooks are: {string.Join(", ", all)}; `/incident runbook` shows the ones that fit.", $"Runbook「{lower}」はありません。Runbook の一覧：{string.Join("、", all)}。当てはまるものは `/incident runbook` で表示します。"),
                all.Count == 0 ? "/incident help runbook" : near.Count > 0 ? $"/incident runbook {near[0]}" : "/incident runbook"));
        }

        var progress = incident.Runbook(runbook.Id);
        if (progress is not null)
        {
            return Decision.Answer(state => RunbookMessages.Step(state, runbook, progress, Say.T($"{runbook.Title}: {RunbookMessages.Summary(progress)}", $"{runbook.Title}：{RunbookMessages.Summary(progress)}")) with { Visibility = MessageVisibility.Ephemeral });
        }

        var attached = new RunbookAttached
        {
            Actor = context.Actor,
            At = context.Now,
            Runbook = runbook.Id,
            Title = runbook.Title,
            Steps = [.. runbook.Steps.Select(s => s.Title)],
            DestructiveSteps = [.. runbook.Steps.Where(s => s.Destructive).Select(s => s.Number)],
        };
        // Checks the bot cannot read would only hold verification up: without CloudWatch they are left out.
        var checks = context.ReadsMetrics ? VerificationDecider.FromRunbook(incident, runbook, context.Actor, context.Now) : [];
        var brought = checks.Count > 0
            ? Say.T($" It brings {checks.Count} verification check{(checks.Count == 1 ? "" : "s")} (`/incident check`).", $"この Runbook の確認項目を {checks.Count} 件追加しました（`/incident check`）。")
            : runbook.Verification.Count > 0 && !context.ReadsMetrics
                ? Say.T(" Its verification checks need CloudWatch, which is not configured: verify by hand.", "この Runbook の確認項目には CloudWatch が必要ですが、設定されていません。手動で復旧確認してください。")
                : "";
        var started = Say.T($"@{context.Actor} started runbook {runbook.Id}: {runbook.Title}.{brought}", $"@{context.Actor} が Runbook {runbook.Id}「{runbook.Title}」を開始しました。{brought}");
        return Decision.Record(
            state => RunbookMessages.Step(state, runbook, state.Runbook(runbook.Id)!, started),
            [attached, .. checks]);
    }

    public static Decision Step(Incident incident, ParsedCommand command, CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(context);
        var answer = command.Args.Count == 0 ? null : command.Args[0].Text.ToLowerInvariant() switch
        {
            "done" or "ok" => StepAnswer.Done,
            "failed" or "fail" => StepAnswer.Failed,
            "skip" or "skipped" => StepAnswer.Skipped,
            "approve" or "approved" => StepAnswer.Approved,
            _ => (StepAnswer?)null,
        };
        if (answer is null)
        {
            return Decision.Refuse(command.Usage(Say.T("Say done, failed, skip or approve.", "done、failed、skip、approve のいずれかを指定してください。")));
        }

        var (reference, noteFrom) = Reference(command);
        var (progress, refusal) = Target(incident, reference.Runbook);
        if (refusal is not null)
        {
            return Decision.Refuse(refusal);
        }

        var runbook = context.Runbooks.Find(progress!.Runbook);
        if (runbook is null)
        {
            return Decision.Refuse(new Refusal(
                Say.T($"Runbook {progress.Runbook} is no longer in the library; answer its steps as notes.", $"Runbook {progress.Runbook} はもうライブラリにありません。手順の結果はメモとして記録してください。"),
                "/incident note <what you did>"));
        }

        if (progress.Finished)
        {
            return Decision.Refuse(new Refusal(
                Say.T($"Runbook {progress.Runbook} is finished; nothing is waiting for an answer.", $"Runbook {progress.Runbook} は完了しています。回答を待っている手順はありません。"),
                "/incident runbook"));
        }

        var step = runbook.Steps[progress.Current - 1];
        if (reference.Step is { } n && n != step.Number)
        {
            var was = progress.Answers.LastOrDefault(a => a.Step == n);
            var answered = was is null ? "" : Say.T($" (it was answered {was.Answer.ToString().ToLowerInvariant()} by @{was.Actor})", $"（@{was.Actor} が「{was.Answer.Label()}」と回答済みです）");
            return Decision.Refuse(new Refusal(
                Say.T(
                    $"Step {n} of {runbook.Id} is not the current step{answered}; step {step.Number}, \"{step.Title}\", is. Nothing changed.",
                    $"{runbook.Id} の手順 {n} は現在の手順ではありません{answered}。現在の手順は {step.Number}「{step.Title}」です。何も変更していません。"),
                $"/incident runbook {runbook.Id}"));
        }

        var note = command.JoinFrom(noteFrom);
        return answer switch
        {
            StepAnswer.Approved => Approve(incident, runbook, progress, step, context),
            StepAnswer.Done when progress.NeedsApproval(step.Number) => Decision.Refuse(new Refusal(
                Say.T(
                    $"Step {step.Number} of {runbook.Id} is destructive: the commander{(incident.Commander is null ? "" : $" (@{incident.Commander})")} approves it before anyone runs it.",
                    $"{runbook.Id} の手順 {step.Number} は破壊的な操作です。実行する前にインシデントコマンダー{(incident.Commander is null ? "" : $"（@{incident.Commander}）")}の承認が必要です。"),
                $"/incident step approve {runbook.Id}#{step.Number}")),
            StepAnswer.Failed when note.Length == 0 => Decision.Refuse(command.Usage(Say.T("Say what you saw instead, for the timeline.", "タイムラインに残すため、代わりに何が起きたかを書いてください。"))),
            StepAnswer.Skipped when note.Length == 0 => Decision.Refuse(command.Usage(Say.T("Say why the step is skipped, for the timeline.", "タイムラインに残すため、手順をスキップする理由を書いてください。"))),
            _ => Answer(runbook, progress, step, answer.Value, note, context),
        };
    }

    private static Decision Approve(Incident incident, Runbook runbook, RunbookProgress progress, RunbookStep step, CommandContext context)
    {
        if (!string.Equals(incident.Commander, context.Actor, StringComparison.OrdinalIgnoreCase))
        {
            return Decision.Refuse(new Refusal(
                incident.Commander is null
                    ? Say.T("Only the commander approves a destructive step, and there is none.", "破壊的な手順を承認できるのはインシデントコマンダーだけですが、インシデントコマンダーがまだいません。")
                    : Say.T($"Only the commander (@{incident.Commander}) approves a destructive step.", $"破壊的な手順を承認できるのはインシデントコマンダー（@{incident.Commander}）だけです。"),
                "/incident role commander me"));
        }

        if (!progress.NeedsApproval(step.Number))
        {
            return Decision.Answer(IncidentDecider.Aside(step.Destructive
                ? Say.T($"Step {step.Number} of {runbook.Id} needs no approval any more.", $"{runbook.Id} の手順 {step.Number} はすでに承認されています。")
                : Say.T($"Step {step.Number} of {runbook.Id} needs no approval.", $"{runbook.Id} の手順 {step.Number} に承認は不要です。")));
        }

        var approved = new RunbookStepAnswered { Actor = context.Actor, At = context.Now, Runbook = runbook.Id, Step = step.Number, Answer = StepAnswer.Approved, Next = step.Number };
        return Decision.Record(state => RunbookMessages.Step(state, runbook, state.Runbook(runbook.Id)!, Say.T($"@{context.Actor} approved destructive step {step.Number}.", $"@{context.Actor} が破壊的な手順 {step.Number} を承認しました。")), approved);
    }

    private static Decision Answer(Runbook runbook, RunbookProgress progress, RunbookStep step, StepAnswer answer, string note, CommandContext context)
    {
        var next = answer == StepAnswer.Failed
            ? step.GoTo ?? step.Number
            : step.Number < runbook.Steps.Count ? step.Number + 1 : 0;
        var answered = new RunbookStepAnswered
        {
            Actor = context.Actor,
            At = context.Now,
            Runbook = runbook.Id,
            Step = step.Number,
            Answer = answer,
            Next = next,
            Note = note.Length == 0 ? null : note,
        };
        var lead = answer switch
        {
            StepAnswer.Failed when step.GoTo is { } goTo => Say.T(
                $"@{context.Actor}: step {step.Number} failed ({note}). {step.IfNot} Going to step {goTo}.",
                $"@{context.Actor}：手順 {step.Number} は失敗しました（{note}）。{step.IfNot}（手順 {goTo} に進みます）。"),
            StepAnswer.Failed => Say.T(
                $"@{context.Actor}: step {step.Number} failed ({note}). Escalate: {step.IfNot}",
                $"@{context.Actor}：手順 {step.Number} は失敗しました（{note}）。エスカレーションしてください：{step.IfNot}"),
            StepAnswer.Skipped => Say.T($"@{context.Actor} skipped step {step.Number}: {note}", $"@{context.Actor} が手順 {step.Number} をスキップしました：{note}"),
            _ => Say.T(
                $"@{context.Actor}: step {step.Number} done{(note.Length == 0 ? "" : ": " + note)}.",
                $"@{context.Actor} が手順 {step.Number} を完了しました{(note.Length == 0 ? "" : $"（{note}）")}。"),
        };
        return Decision.Record(state => RunbookMessages.Step(state, runbook, state.Runbook(runbook.Id)!, lead), answered);
    }

    /// <summary>Reads <c>db-storm#3</c>, <c>#3</c> or <c>db-storm</c> after the answer word; returns where the note starts.</summary>
    private static ((string? Runbook, int? Step) Reference, int NoteFrom) Reference(ParsedCommand command)
    {
        if (command.Args.Count < 2 || command.Args[1].Quoted)
        {
            return ((null, null), 1);
        }

        var word = command.Args[1].Text;
        var hash = word.IndexOf('#', StringComparison.Ordinal);
        if (hash >= 0 && int.TryParse(word[(hash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            return ((hash == 0 ? null : word[..hash], n), 2);
        }

        return ((null, null), 1);
    }

    private static (RunbookProgress?, Refusal?) Target(Incident incident, string? id)
    {
        if (id is not null)
        {
            var named = incident.Runbook(id);
            return named is null
                ? (null, new Refusal(
                    Say.T($"Runbook {id} is not running in {incident.Id}; start it first.", $"{incident.Id} では Runbook {id} は実行されていません。先に開始してください。"),
                    $"/incident runbook {id}"))
                : (named, null);
        }

        var open = incident.Runbooks.Where(r => !r.Finished).ToList();
        return open.Count switch
        {
            1 => (open[0], null),
            0 => (null, new Refusal(Say.T($"No runbook is running in {incident.Id}.", $"{incident.Id} で実行中の Runbook はありません。"), "/incident runbook", "/incident runbook <id>")),
            _ => (null, new Refusal(
                Say.T(
                    $"{open.Count} runbooks are running ({string.Join(", ", open.Select(r => r.Runbook))}); say which, e.g. {open[0].Runbook}#{open[0].Current}.",
                    $"実行中の Runbook が {open.Count} 件あります（{string.Join("、", open.Select(r => r.Runbook))}）。どれか指定してください（例：{open[0].Runbook}#{open[0].Current}）。"),
                $"/incident step done {open[0].Runbook}#{open[0].Current}")),
        };
    }

    private static BotMessage Progress(Incident incident, CommandContext context)
    {
        if (incident.Runbooks.Count > 0)
        {
            return new BotMessage
            {
                Incident = incident.Id,
                Header = Say.T($"{incident.Id} · runbooks", $"{incident.Id} · Runbook"),
                Text = string.Join("\n", incident.Runbooks.Select(RunbookMessages.Summary)),
                Buttons = [.. incident.Runbooks.Where(r => !r.Finished).Select(r => new ChatButton(Say.T($"Show {r.Runbook}", $"{r.Runbook} を表示"), $"/incident runbook {r.Runbook} {incident.Id}"))],
                Visibility = MessageVisibility.Ephemeral,
            };
        }

        var proposals = RunbookProposals.Rank(incident, context.Runbooks);
        return new BotMessage
        {
            Incident = incident.Id,
            Header = $"{incident.Id} · runbooks",
            Text = proposals.Count == 0
                ? Say.T(
                    $"No runbook matches {incident.Id} yet. Add the affected services or a better title, or pick one: {string.Join(", ", context.Runbooks.Runbooks.Select(r => r.Id))}.",
                    $"{incident.Id} に当てはまる Runbook はまだありません。影響を受けたサービスを追加するかタイトルを見直すか、次から選んでください：{string.Join("、", context.Runbooks.Runbooks.Select(r => r.Id))}。")
                : RunbookMessages.Proposals(proposals),
            Buttons = [.. RunbookMessages.ProposalButtons(proposals, incident.Id)],
            Visibility = MessageVisibility.Ephemeral,
        };
    }
}
