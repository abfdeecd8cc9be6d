using System.Text;
using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Incidents.Events;
using IncidentBot.Workflows.Language;
using IncidentBot.Workflows.Lifecycle;
using IncidentBot.Workflows.Timeline;
using IncidentBot.Workflows.Verification;

namespace IncidentBot.Workflows.Chat;

/// <summary>What the room is told about verification checks: each check's state, with a small chart of what was read.</summary>
public static class VerificationMessages
{
    /// <summary>Every check of the incident, one line each, with its latest chart.</summary>
    public static string List(Incident incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        var checks = incident.ActiveChecks.ToList();
        if (checks.Count == 0)
        {
            return Say.T(
                $"{incident.Id} has no verification checks. Add one: `/incident check add <Namespace> <Metric> [Name=Value ...] < 70 for 10m`.",
                $"{incident.Id} には確認項目がありません。追加するには：`/incident check add <Namespace> <Metric> [Name=Value ...] < 70 for 10m`。");
        }

        var text = new StringBuilder();
        foreach (var check in checks)
        {
            text.Append(Line(check)).Append('\n');
        }

        if (incident.Phase != Phase.Verifying)
        {
            text.Append(incident.Phase.IsFinished() || incident.Phase == Phase.Reporting
                ? Say.T("Verification is over.", "復旧確認は終了しています。")
                : Say.T("They are read against CloudWatch when the incident enters verifying.", "インシデントが復旧確認中になると、CloudWatch で読み取ります。"));
        }

        return text.ToString().TrimEnd();
    }

    /// <summary>One check: icon, number, condition, source, and the latest reading with its chart.</summary>
    public static string Line(VerificationCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        var text = new StringBuilder();
        text.Append(check.Outcome.Icon()).Append(" #").Append(check.Number).Append(" `").Append(check.Condition).Append('`')
            .Append(Say.T($" ({check.Source}): ", $"（{EventWords.CheckSource(check.Source)}）：")).Append(check.Outcome.Label());
        if (check.Last is { } last)
        {
            text.Append(" — ").Append(last.Detail);
            var chart = Chart(last.Points, check.Condition.Threshold);
            if (chart.Length > 0)
            {
                text.Append('\n').Append(chart);
            }
        }

        return text.ToString();
    }

    /// <summary>The sparkline with its range and the threshold: <c>`▁▂▅▇█▃▁` 12–91 (threshold 70)</c>.</summary>
    public static string Chart(IReadOnlyList<MetricPoint> points, double? threshold)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count == 0)
        {
            return "";
        }

        var range = $"{CheckEvaluation.Round(points.Min(p => p.Value))}–{CheckEvaluation.Round(points.Max(p => p.Value))}";
        var spark = Sparkline.Render(points, threshold);
        if (threshold is { } t)
        {
            var limit = CheckEvaluation.Round(t);
            return Say.T($"`{spark}` {range} (threshold {limit}), {points.Count} datapoints", $"`{spark}` {range}（しきい値 {limit}）、{points.Count} データポイント");
        }

        return Say.T($"`{spark}` {range}, {points.Count} datapoints", $"`{spark}` {range}、{points.Count} データポイント");
    }

    /// <summary>What the room is told when a check's reading changes.</summary>
    public static BotMessage Result(Incident incident, VerificationCheck check)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(check);
        var active = incident.ActiveChecks.ToList();
        var text = new StringBuilder(Say.T("Verification check ", "確認項目 ")).Append(Line(check));
        var buttons = new List<ChatButton>();
        if (incident.Phase == Phase.Verifying)
        {
            if (active.All(c => c.Outcome == CheckOutcome.Passing))
            {
                var all = $"\n確認項目 {active.Count} 件がすべて合格しました。ユーザーへの影響がなくなったことも確かめてから、復旧確認済みにしてください。";
                text.Append(active.Count == 1
                    ? Say.T($"\nAll {active.Count} check passes. Confirm users are fine too, then mark it verified.", all)
                    : Say.T($"\nAll {active.Count} checks pass. Confirm users are fine too, then mark it verified.", all));
                buttons.Add(new ChatButton(Say.T("Verified", "復旧を確認"), $"/incident verified {incident.Id}", ButtonStyle.Primary));
            }
            else if (check.Outcome == CheckOutcome.TimedOut)
            {
                text.Append(Say.T(
                    "\nThe bot has stopped reading it. Go back to recovering (`/incident verify-failed <what is still wrong>`), read the checks again (`/incident check retry`), or the commander resolves with a reason (`/incident resolve <reason>`).",
                    "\nボットはこの確認項目の読み取りを止めました。復旧対応中に戻す（`/incident verify-failed <what is still wrong>`）か、確認項目を読み直す（`/incident check retry`）か、インシデントコマンダーが理由を添えて解決してください（`/incident resolve <reason>`）。"));
                buttons.Add(new ChatButton(Say.T("Verification failed", "復旧確認に失敗"), $"/incident verify-failed {incident.Id} <what is still wrong>", ButtonStyle.Danger));
                buttons.Add(new ChatButton(Say.T("Read again", "読み直す"), $"/incident check retry {incident.Id}"));
            }
            else if (check.Outcome == CheckOutcome.Error)
            {
                text.Append(Say.T("\nThe bot keeps trying every minute.", "\nボットは 1 分ごとに読み取りを続けます。"));
            }
        }

        return new BotMessage { Incident = incident.Id, Header = IncidentCard.Header(incident), Text = text.ToString(), Buttons = buttons };
    }

    /// <summary>The timeline's line for a check reading.</summary>
    public static string Describe(CheckEvaluated evaluated)
    {
        ArgumentNullException.ThrowIfNull(evaluated);
        var chart = evaluated.Points.Count == 0 ? "" : " " + Chart(evaluated.Points, null);
        return Say.T($"Check #{evaluated.Check} {evaluated.Outcome.Label()}: {evaluated.Detail}{chart}", $"確認項目 #{evaluated.Check} {evaluated.Outcome.Label()}：{evaluated.Detail}{chart}");
    }

    /// <summary>The timeline's line for a metric snapshot.</summary>
    public static string Describe(MetricSnapshotTaken snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var what = $"{snapshot.Metric} ({snapshot.Statistic})";
        var why = snapshot.Why;
        var of = Say.Japanese ? $"{Why(why)}の {snapshot.Metric}（{snapshot.Statistic}）" : "";
        return snapshot.Problem is { } problem
            ? Say.T($"Metric snapshot of {what} {why} could not be taken: {problem}", $"{of}のスナップショットを取得できませんでした：{problem}")
            : snapshot.Points.Count == 0
                ? Say.T($"Metric snapshot of {what} {why}: no datapoints", $"{of}のスナップショット：データポイントなし")
                : Say.T($"Metric snapshot of {what} {why}: {Chart(snapshot.Points, null)}", $"{of}のスナップショット：{Chart(snapshot.Points, null)}");
    }

    /// <summary>A metric snapshot's window, stored in English with the event (<see cref="Words.Stored"/> with the minutes) and read back with <see cref="Words.ReadBack"/>.</summary>
    public static readonly Words SnapshotWindow = new Words("in the {0} minutes before detection", "検知前 {0} 分間");

    /// <summary>The same, for a metric math expression: {1} is the expression, whose first metric was read.</summary>
    public static readonly Words SnapshotWindowOf = new Words("in the {0} minutes before detection (the first metric of {1})", "検知前 {0} 分間（{1} の最初のメトリクス）");

    /// <summary>The snapshot's window as stored ("in the 30 minutes before detection"), in the bot's language: 「検知前 30 分間」.</summary>
    private static string Why(string why) => Words.ReadBack(why, SnapshotWindowOf, SnapshotWindow);
}
