using IncidentBot.Workflows.Alerts;
using IncidentBot.Workflows.Chat;
using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Incidents.Events;
using IncidentBot.Workflows.Language;
using IncidentBot.Workflows.Lifecycle;
using IncidentBot.Workflows.Runbooks;
using IncidentBot.Workflows.Timeline;
using IncidentBot.Workflows.Verification;

namespace IncidentBot.Workflows.Commands;

/// <summary>
/// Decides <c>check</c> (list, add, remove, retry), what a reading of a check records, and whether
/// the checks let an incident be verified.
/// </summary>
public static class VerificationDecider
{
    public const string Usage = "/incident check [add <condition> | remove #n <reason> | retry]";

    public static Decision Check(Incident incident, ParsedCommand command, CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(context);
        var action = command.Args.Count == 0 ? "list" : command.Args[0].Text.ToLowerInvariant();
        return action switch
        {
            "list" or "show" => Decision.Answer(IncidentDecider.Aside(VerificationMessages.List(incident))),
            "add" => Add(incident, command, context),
            "remove" or "rm" or "delete" => Remove(incident, command, context),
            "retry" or "rerun" or "again" => Retry(incident, context),
            _ => Decision.Refuse(command.Usage(Say.T($"`{command.Args[0].Text}` is not something checks do.", $"`{command.Args[0].Text}` は確認項目の操作ではありません。"))),
        };
    }

    private static Decision Add(Incident incident, ParsedCommand command, CommandContext context)
    {
        var text = command.JoinFrom(1).Trim('"', '“', '”');
        if (text.Length == 0)
        {
            return Decision.Refuse(new Refusal(Say.T($"Say the condition: {MetricCondition.Form}.", $"条件を書いてください：{MetricCondition.Form}"), "/incident check add AWS/RDS CPUUtilization DBInstanceIdentifier=prod-db < 70 for 10m"));
        }

        if (!context.ReadsMetrics)
        {
            return Decision.Refuse(new Refusal(
                Say.T(
                    "The bot cannot read metrics here: CloudWatch is not configured (set AWS__Region, or AWS_REGION, and give it credentials). Until then, confirm by hand.",
                    "ここではボットがメトリクスを読み取れません。CloudWatch が設定されていません（AWS__Region または AWS_REGION を設定し、認証情報を与えてください）。それまでは手動で復旧確認してください。"),
                "/incident verified"));
        }

        if (!MetricCondition.TryParse(text, out var condition, out var error))
        {
            return Decision.Refuse(new Refusal(error!, "/incident check add AWS/RDS CPUUtilization DBInstanceIdentifier=prod-db < 70 for 10m"));
        }

        if (Existing(incident, condition!) is { } same)
        {
            return Decision.Answer(IncidentDecider.Aside(Say.T($"{incident.Id} already has this check as #{same.Number}.", $"{incident.Id} にはこの確認項目が #{same.Number} として既にあります。")));
        }

        var added = new CheckAdded { Actor = context.Actor, At = context.Now, Check = NextNumber(incident), Condition = condition!.ToString(), Source = EventWords.ByHand.En };
        var when = incident.Phase == Phase.Verifying
            ? Say.T("The bot reads it now and every minute until it passes.", "合格するまで、今から 1 分ごとにボットが読み取ります。")
            : Say.T("The bot reads it when the incident enters verifying.", "インシデントが復旧確認中になったら、ボットが読み取ります。");
        return Decision.Record(
            IncidentDecider.Said(Say.T(
                $"@{context.Actor} added verification check #{added.Check}: `{condition}`. {when}",
                $"@{context.Actor} が確認項目 #{added.Check} を追加しました：`{condition}`。{when}")),
            added);
    }

    private static Decision Remove(Incident incident, ParsedCommand command, CommandContext context)
    {
        var number = command.Args.Count > 1 && int.TryParse(command.Args[1].Text.TrimStart('#'), out var n) ? n : (int?)null;
        var reason = command.JoinFrom(2);
        if (number is null || reason.Length == 0)
        {
            return Decision.Refuse(command.Usage(Say.T("Say which check (#n) and why it no longer applies.", "どの確認項目（#n）か、なぜ不要になったかを書いてください。")));
        }

        var check = incident.Check(number.Value);
        if (check is null || check.Removed)
        {
            var known = incident.ActiveChecks.Select(c => $"#{c.Number}").ToList();
            return Decision.Refuse(new Refusal(
                known.Count == 0
                    ? Say.T($"{incident.Id} has no check #{number}.", $"{incident.Id} に確認項目 #{number} はありません。")
                    : Say.T($"{incident.Id} has no check #{number}; its checks are {string.Join(", ", known)}.", $"{incident.Id} に確認項目 #{number} はありません。ある確認項目は {string.Join("、", known)} です。"),
                "/incident check"));
        }

        return Decision.Record(
            IncidentDecider.Said(Say.T(
                $"@{context.Actor} removed verification check #{check.Number} (`{check.Condition}`): {reason}",
                $"@{context.Actor} が確認項目 #{check.Number}（`{check.Condition}`）を削除しました：{reason}")),
            new CheckRemoved { Actor = context.Actor, At = context.Now, Check = check.Number, Reason = reason });
    }

    private static Decision Retry(Incident incident, CommandContext context)
    {
        if (incident.Phase != Phase.Verifying)
        {
            return Decision.Refuse(new Refusal(
                Say.T($"{incident.Id} is {incident.Phase.Name()}; checks are read while it is verifying.", $"{incident.Id} は現在「{incident.Phase.Label()}」です。確認項目は復旧確認中に読み取ります。"),
                "/incident check"));
        }

        if (!incident.ActiveChecks.Any())
        {
            return Decision.Refuse(new Refusal(Say.T($"{incident.Id} has no verification checks to read.", $"{incident.Id} には読み取る確認項目がありません。"), "/incident check add <condition>"));
        }

        return Decision.Record(
            IncidentDecider.Said(Say.T(
                $"@{context.Actor} restarted the verification checks: the bot reads them again now and every minute, with a new time limit.",
                $"@{context.Actor} が確認項目の読み取りを再開しました。新しい制限時間で、今から 1 分ごとにボットが読み直します。")),
            new ChecksRestarted { Actor = context.Actor, At = context.Now });
    }

    /// <summary>The check events a runbook brings: its verification conditions the incident does not have yet.</summary>
    public static IReadOnlyList<CheckAdded> FromRunbook(Incident incident, Runbook runbook, string actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(runbook);
        var added = new List<CheckAdded>();
        var next = NextNumber(incident);
        foreach (var condition in runbook.Verification)
        {
            if (Existing(incident, condition) is null && !added.Any(a => a.Condition == condition.ToString()))
            {
                added.Add(new CheckAdded { Actor = actor, At = now, Check = next++, Condition = condition.ToString(), Source = "runbook " + runbook.Id });
            }
        }

        return added;
    }

    /// <summary>
    /// The check a CloudWatch alarm implies: its metric back on the good side of its threshold for as
    /// long as the alarm takes to decide (at least five minutes). None for metric-math and anomaly alarms.
    /// </summary>
    public static MetricCondition? FromAlarm(AlertMetric metric)
    {
        ArgumentNullException.ThrowIfNull(metric);
        var comparison = metric.Comparison switch
        {
            "GreaterThanThreshold" => "<=",
            "GreaterThanOrEqualToThreshold" => "<",
            "LessThanThreshold" => ">=",
            "LessThanOrEqualToThreshold" => ">",
            _ => null,
        };
        if (metric.Expression is not null || comparison is null || metric.Threshold is not { } threshold || metric.Name.Length == 0)
        {
            return null;
        }

        var window = TimeSpan.FromSeconds(Math.Clamp(metric.PeriodSeconds ?? 60, 1, 86_400) * Math.Max(1, metric.EvaluationPeriods ?? 1));
        var condition = OnMetric(metric, comparison, threshold, window < TimeSpan.FromMinutes(5) ? TimeSpan.FromMinutes(5) : window);

        // Written out and read back: only a condition people could have typed becomes a check.
        return MetricCondition.TryParse(condition.ToString(), out var valid, out _) ? valid : null;
    }

    /// <summary>An alarm's metric, with its statistic and period, under the test given.</summary>
    public static MetricCondition OnMetric(AlertMetric metric, string comparison, double threshold, TimeSpan window)
    {
        ArgumentNullException.ThrowIfNull(metric);
        return new MetricCondition(metric.Namespace, metric.Name, metric.Dimensions, comparison, threshold, window)
        {
            Statistic = metric.Statistic is { Length: > 0 } s ? s : "Average",
            Period = TimeSpan.FromSeconds(Math.Clamp(metric.PeriodSeconds ?? 60, 1, Math.Max(1, (int)window.TotalSeconds))),
        };
    }

    private static int NextNumber(Incident incident) =>
        incident.Checks.Count == 0 ? 1 : incident.Checks.Max(c => c.Number) + 1;

    private static VerificationCheck? Existing(Incident incident, MetricCondition condition) =>
        incident.ActiveChecks.FirstOrDefault(c => c.Condition.ToString() == condition.ToString());

    /// <summary>
    /// Records a reading of check <paramref name="number"/> when it says something new (another outcome,
    /// or another reason for an error), and posts it to the room; a reading past the time limit that has
    /// not passed ends the check's round as timed out. A reading that says nothing new is recorded
    /// quietly once the last one is <paramref name="refreshEvery"/> old, so the check's chart and reason
    /// stay current without a post a minute. Readings for an incident no longer verifying record nothing.
    /// </summary>
    public static Decision Reading(Incident incident, int number, CheckOutcome outcome, string detail, IReadOnlyList<MetricPoint> points, DateTimeOffset now, TimeSpan timeLimit, TimeSpan? refreshEvery = null)
    {
        ArgumentNullException.ThrowIfNull(incident);
        var check = incident.Check(number);
        if (incident.Phase != Phase.Verifying || check is null || check.Removed || check.Outcome == CheckOutcome.TimedOut)
        {
            return Decision.Answer(IncidentDecider.Aside(Say.T("Nothing to record.", "記録することはありません。")));
        }

        if (outcome != CheckOutcome.Passing && incident.VerifyingSince is { } since && now - since >= timeLimit)
        {
            detail = Say.T($"not passed within {(int)timeLimit.TotalMinutes}m; last reading: {detail}", $"{(int)timeLimit.TotalMinutes} 分以内に合格しませんでした。最後の読み取り：{detail}");
            outcome = CheckOutcome.TimedOut;
        }

        var last = check.Last;
        var evaluated = new CheckEvaluated { Actor = "incidentbot", At = now, Check = number, Outcome = outcome, Detail = detail, Points = points };
        if (last is not null && last.Outcome == outcome && (outcome != CheckOutcome.Error || last.Detail == detail))
        {
            var still = IncidentDecider.Aside(Say.T($"Check #{number} is still {outcome.Label()}: {detail}", $"確認項目 #{number} は引き続き「{outcome.Label()}」です：{detail}"));
            return refreshEvery is { } every && now - last.At >= every && last.Detail != detail
                ? Decision.Record(still, evaluated)
                : Decision.Answer(still);
        }

        return Decision.Record(after => VerificationMessages.Result(after, after.Check(number)!), evaluated);
    }

    /// <summary>Why the checks do not let <paramref name="incident"/> be verified yet; null when they do (or it has none).</summary>
    public static Refusal? Unpassed(Incident incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        var open = incident.ActiveChecks.Where(c => c.Outcome != CheckOutcome.Passing).ToList();
        if (open.Count == 0)
        {
            return null;
        }

        var reasons = Say.T(
            string.Join("; ", open.Select(c => $"#{c.Number} `{c.Condition}` is {c.Outcome.Label()}{(c.Last is { } last ? ": " + last.Detail : "")}")),
            string.Join("、", open.Select(c => $"#{c.Number} `{c.Condition}` は「{c.Outcome.Label()}」{(c.Last is { } last ? $"（{last.Detail}）" : "")}")));
        var fixes = new List<string> { "/incident check" };
        if (open.Any(c => c.Outcome == CheckOutcome.TimedOut))
        {
            fixes.Add("/incident check retry");
        }

        fixes.Add("/incident verify-failed <what is still wrong>");
        fixes.Add("/incident resolve <reason>");
        return new Refusal(
            Say.T(
                $"{incident.Id} cannot be verified while its checks have not passed: {reasons}. Wait for them, go back to recovering, or the commander resolves with a reason.",
                $"確認項目が合格していないため、{incident.Id} の復旧確認を完了できません：{reasons}。合格を待つか、復旧対応中に戻すか、インシデントコマンダーが理由を添えて解決してください。"),
            fixes);
    }
}
