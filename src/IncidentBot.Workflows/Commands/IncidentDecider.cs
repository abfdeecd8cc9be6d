using IncidentBot.Workflows.Chat;
using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Incidents.Events;
using IncidentBot.Workflows.Language;
using IncidentBot.Workflows.Lifecycle;
using IncidentBot.Workflows.Postmortems;
using IncidentBot.Workflows.Timeline;

namespace IncidentBot.Workflows.Commands;

/// <summary>
/// Decides what a command does to one incident: lifecycle triggers, severity, details and roles.
/// Work on the board (claims, hypotheses, notes) is decided by <see cref="WorkDecider"/>, roles by <see cref="RoleDecider"/>.
/// </summary>
public static class IncidentDecider
{
    public static Decision Decide(Incident incident, ParsedCommand command, CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(context);
        if (incident.Phase.IsFinished() && command.Verb.Name is not ("note" or "correct" or "action"))
        {
            return Decision.Refuse(new Refusal(
                Say.T(
                    $"{incident.Id} is {incident.Phase.Name()}; only notes, corrections and action items can still be added to it.",
                    $"{incident.Id} は「{incident.Phase.Label()}」の状態です。追加できるのはメモ、訂正、アクションアイテムだけです。"),
                $"/incident note {incident.Id} <text>", "/incident start <title>"));
        }

        return command.Verb.Name switch
        {
            "declare" => Fire(incident, Trigger.Declare, context, null),
            "dismiss" => Fire(incident, Trigger.Dismiss, context, command.Rest),
            "cancel" => Fire(incident, Trigger.Cancel, context, command.Rest),
            "recover" => Fire(incident, Trigger.StartRecovery, context, null),
            "mitigated" => Fire(incident, Trigger.Mitigated, context, command.Rest),
            "verified" => Fire(incident, Trigger.Verified, context, command.Rest),
            "verify-failed" => Fire(incident, Trigger.VerificationFailed, context, command.Rest),
            "resolve" => Fire(incident, Trigger.Resolve, context, command.Rest),
            "reopen" => Fire(incident, Trigger.Reopen, context, command.Rest),
            "close" => Close(incident, command, context),
            "sev" => ChangeSeverity(incident, command, context),
            "title" => ChangeDetail(incident, command, context, IncidentDetail.Title),
            "summary" => ChangeDetail(incident, command, context, IncidentDetail.Summary),
            "impact" => FactsDecider.Impact(incident, command, context),
            "detected-by" => FactsDecider.DetectedBy(command, context),
            "services" => ChangeDetail(incident, command, context, IncidentDetail.Services),
            "role" => RoleDecider.Assign(incident, command, context),
            "flag" => Flag(command, context),
            "reviewer" => PostmortemDecider.Reviewer(incident, command, context),
            "postmortem" => PostmortemDecider.Postmortem(incident, command, context),
            "action" => PostmortemDecider.Action(incident, command, context),
            "runbook" => RunbookDecider.Runbook(incident, command, context),
            "step" => RunbookDecider.Step(incident, command, context),
            "check" => VerificationDecider.Check(incident, command, context),
            _ => WorkDecider.Decide(incident, command, context),
        };
    }

    /// <summary>A reply that says what happened, under the card's header, with the next buttons and prompts.</summary>
    public static Func<Incident, BotMessage> Said(string text) => incident => new BotMessage
    {
        Incident = incident.Id,
        Header = IncidentCard.Header(incident),
        Text = text,
        Buttons = IncidentCard.Buttons(incident),
        Context = IncidentCard.Prompts(incident),
    };

    /// <summary>A reply only the typist sees: nothing changed for the room.</summary>
    public static Func<Incident, BotMessage> Aside(string text) => incident => new BotMessage
    {
        Incident = incident.Id,
        Header = IncidentCard.Header(incident),
        Text = text,
        Visibility = MessageVisibility.Ephemeral,
    };

    private static Decision Fire(Incident incident, Trigger trigger, CommandContext context, string? reason)
    {
        reason = string.IsNullOrWhiteSpace(reason) ? null : reason;
        var (transition, refusal) = IncidentLifecycle.Check(incident, trigger, new TriggerRequest(context.Actor, reason));
        if (refusal is not null)
        {
            return Decision.Refuse(refusal);
        }

        var changed = new PhaseChanged
        {
            Actor = context.Actor,
            At = context.Now,
            Trigger = trigger,
            From = transition!.From,
            To = transition.To,
            Reason = reason,
        };
        var because = reason is null ? "" : $": {reason}";
        var why = reason is null ? "" : $"（理由：{reason}）";
        return Decision.Record(
            Said(Say.T(
                $"@{context.Actor}: {transition.From.Name()} → {transition.To.Name()}{because}",
                $"@{context.Actor} がフェーズを変更しました：{transition.From.Label()} → {transition.To.Label()}{why}")),
            changed);
    }

    private static Decision Close(Incident incident, ParsedCommand command, CommandContext context)
    {
        if (!command.Has("no-postmortem"))
        {
            if (incident.Phase == Phase.Reporting && incident.PostmortemStatus != PostmortemStatus.Published && incident.PostmortemWaivedReason is null)
            {
                // The bot may judge a postmortem unnecessary by seed 001's criteria, and says so on the record.
                var requirement = PostmortemRequirement.Of(incident, incident.Start, incident.FirstEntered(Phase.Reporting) ?? context.Now, context.Postmortems);
                if (!requirement.Required && requirement.Unknown.Count > 0)
                {
                    // Whether one is required depends on facts nobody stated: ask, never decide on a guess.
                    return Decision.Refuse(new Refusal(
                        Say.T(
                            $"Whether {incident.Id} needs a postmortem depends on what nobody has said yet: {string.Join("; ", requirement.Unknown)}.",
                            $"{incident.Id} にポストモーテムが必要かどうかは、まだ誰も記録していない次の事項で決まります：\n・{string.Join("\n・", requirement.Unknown)}"),
                        "/incident impact <what users saw> --from 12:05 --to 12:45", "/incident detected-by monitoring|person|customer|provider <how>"));
                }

                if (!requirement.Required)
                {
                    // Kept in English whatever the language (events are language-neutral); lines read it back (EventWords.Reason).
                    var reasons = PostmortemRequirement.Of(incident, incident.Start, incident.FirstEntered(Phase.Reporting) ?? context.Now, context.Postmortems with { Locale = "en" }).Reasons;
                    return Waive(incident, context, EventWords.NotRequired.En + string.Join("; ", reasons));
                }
            }

            return Fire(incident, Trigger.Close, context, null);
        }

        var reason = command.Rest;
        if (reason.Length == 0)
        {
            return Decision.Refuse(command.Usage(Say.T("Say why no postmortem is required.", "ポストモーテムが不要な理由を書いてください。")));
        }

        return Waive(incident, context, reason);
    }

    private static Decision Waive(Incident incident, CommandContext context, string reason)
    {
        var (_, refusal) = IncidentLifecycle.Check(incident, Trigger.Close, new TriggerRequest(context.Actor, reason));
        if (refusal is not null)
        {
            return Decision.Refuse(refusal);
        }

        return Decision.Record(
            Said(Say.T($"@{context.Actor} closed {incident.Id}; no postmortem: {reason}", $"@{context.Actor} が {incident.Id} をクローズしました。ポストモーテムは作成しません。理由：{EventWords.WhyNoPostmortem(reason)}")),
            new PostmortemWaived { Actor = context.Actor, At = context.Now, Reason = reason },
            new PhaseChanged { Actor = context.Actor, At = context.Now, Trigger = Trigger.Close, From = incident.Phase, To = Phase.Closed, Reason = reason });
    }

    private static Decision Flag(ParsedCommand command, CommandContext context)
    {
        var flag = command.Args.Count == 0 ? null : command.Args[0].Text.ToLowerInvariant() switch
        {
            "data-loss" or "dataloss" or "data" => IncidentFlag.DataLoss,
            "manual" or "manual-intervention" or "rollback" or "data-patch" => IncidentFlag.ManualIntervention,
            _ => (IncidentFlag?)null,
        };
        var note = command.JoinFrom(1);
        if (flag is null || note.Length == 0)
        {
            return Decision.Refuse(command.Usage(flag is null
                ? Say.T("Say data-loss or manual.", "data-loss か manual を指定してください。")
                : Say.T("Say what happened, for the postmortem.", "ポストモーテムのために、何が起きたかを書いてください。")));
        }

        var what = flag == IncidentFlag.DataLoss ? Say.T("data loss", "データ消失") : Say.T("a manual intervention", "手作業による介入");
        return Decision.Record(
            Said(Say.T($"@{context.Actor} recorded {what}: {note}. A postmortem is required.", $"@{context.Actor} が{what}を記録しました：{note}。ポストモーテムが必要です。")),
            new FlagRaised { Actor = context.Actor, At = context.Now, Flag = flag.Value, Note = note });
    }

    private static Decision ChangeSeverity(Incident incident, ParsedCommand command, CommandContext context)
    {
        if (command.Args.Count != 1 || !SeverityText.TryParse(command.Args[0].Text, out var severity))
        {
            return Decision.Refuse(command.Usage(Say.T("Severity is 1 (users cannot use the product) to 4 (minor).", "重要度は 1（ユーザーが製品を使えない）から 4（軽微）までです。")));
        }

        if (incident.Severity == severity)
        {
            return Decision.Answer(Aside(Say.T($"{incident.Id} is already {severity.Label()}.", $"{incident.Id} はすでに {severity.Label()} です。")));
        }

        var from = incident.Severity is { } old ? Say.T($" (was {old.Label()})", $"（変更前：{old.Label()}）") : "";
        return Decision.Record(
            Said(Say.T($"@{context.Actor} set severity {severity.Label()}{from}.", $"@{context.Actor} が重要度を {severity.Label()} に設定しました{from}。")),
            new SeverityChanged { Actor = context.Actor, At = context.Now, From = incident.Severity, To = severity });
    }

    private static Decision ChangeDetail(Incident incident, ParsedCommand command, CommandContext context, IncidentDetail detail)
    {
        var value = command.Rest;
        if (value.Length == 0)
        {
            return Decision.Refuse(command.Usage(Say.T($"The {detail.ToString().ToLowerInvariant()} is missing.", $"{JapaneseName(detail)}が指定されていません。")));
        }

        if (detail == IncidentDetail.Title && value.Length > IncidentOpening.MaxTitleLength)
        {
            return Decision.Refuse(IncidentOpening.TitleTooLong(command, value));
        }

        if (detail == IncidentDetail.Services)
        {
            value = string.Join(", ", value.Split([',', ' ', '、'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }

        var (refusal, reopen) = detail == IncidentDetail.Summary ? PostmortemWriting.Changing(incident, context, "summary") : (null, []);
        if (refusal is not null)
        {
            return Decision.Refuse(refusal);
        }

        return Decision.Record(
            Said(Say.T(
                $"@{context.Actor} set the {detail.ToString().ToLowerInvariant()}: {value}{(reopen.Length > 0 ? " The postmortem shows it, so it is back in review." : "")}",
                $"@{context.Actor} が{JapaneseName(detail)}を設定しました：{value}{(reopen.Length > 0 ? "\nポストモーテムに載る内容のため、ポストモーテムをレビュー中に戻しました。" : "")}")),
            [new DetailChanged { Actor = context.Actor, At = context.Now, Detail = detail, Value = value }, .. reopen]);
    }

    private static string JapaneseName(IncidentDetail detail) => detail switch
    {
        IncidentDetail.Title => "タイトル",
        IncidentDetail.Summary => "概要",
        IncidentDetail.Services => "対象サービス",
        IncidentDetail.Impact => "影響",
        _ => detail.ToString().ToLowerInvariant(),
    };
}
