using System.Globalization;
using System.Text;
using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Incidents.Events;
using IncidentBot.Workflows.Lifecycle;
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
            return $"{incident.Id} has no verification checks. Add one: `/incident check add <Namespace> <Metric> [Name=Value ...] < 70 for 10m`.";
        }

        var text = new StringBuilder();
        foreach (var check in checks)
        {
            text.Append(Line(check)).Append('\n');
        }

        if (incident.Phase != Phase.Verifying)
        {
            text.Append(incident.Phase.IsFinished() || incident.Phase == Phase.Reporting
                ? "Verification is over."
                : "They are read against CloudWatch when the incident enters verifying.");
        }

        return text.ToString().TrimEnd();
    }

    /// <summary>One check: icon, number, condition, source, and the latest reading with its chart.</summary>
    public static string Line(VerificationCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        var text = new StringBuilder();
        text.Append(check.Outcome.Icon()).Append(" #").Append(check.Number).Append(" `").Append(check.Condition).Append("` (").Append(check.Source).Append("): ")
            .Append(check.Outcome.Name());
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
        var line = threshold is { } t ? string.Create(CultureInfo.InvariantCulture, $" (threshold {CheckEvaluation.Round(t)})") : "";
        return $"`{Sparkline.Render(points, threshold)}` {range}{line}, {points.Count} datapoints";
    }

    /// <summary>What the room is told when a check's reading changes.</summary>
    public static BotMessage Result(Incident incident, VerificationCheck check)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(check);
        var active = incident.ActiveChecks.ToList();
        var text = new StringBuilder("Verification check ").Append(Line(check));
        var buttons = new List<ChatButton>();
        if (incident.Phase == Phase.Verifying)
        {
            if (active.All(c => c.Outcome == CheckOutcome.Passing))
            {
                text.Append("\nAll ").Append(active.Count).Append(active.Count == 1 ? " check passes" : " checks pass").Append(". Confirm users are fine too, then mark it verified.");
                buttons.Add(new ChatButton("Verified", $"/incident verified {incident.Id}", ButtonStyle.Primary));
            }
            else if (check.Outcome == CheckOutcome.TimedOut)
            {
                text.Append("\nThe bot has stopped reading it. Go back to recovering (`/incident verify-failed <what is still wrong>`), read the checks again (`/incident check retry`), or the commander resolves with a reason (`/incident resolve <reason>`).");
                buttons.Add(new ChatButton("Verification failed", $"/incident verify-failed {incident.Id} <what is still wrong>", ButtonStyle.Danger));
                buttons.Add(new ChatButton("Read again", $"/incident check retry {incident.Id}"));
            }
            else if (check.Outcome == CheckOutcome.Error)
            {
                text.Append("\nThe bot keeps trying every minute.");
            }
        }

        return new BotMessage { Incident = incident.Id, Header = IncidentCard.Header(incident), Text = text.ToString(), Buttons = buttons };
    }

    /// <summary>The timeline's line for a check reading.</summary>
    public static string Describe(CheckEvaluated evaluated)
    {
        ArgumentNullException.ThrowIfNull(evaluated);
        var chart = evaluated.Points.Count == 0 ? "" : " " + Chart(evaluated.Points, null);
        return $"Check #{evaluated.Check} {evaluated.Outcome.Name()}: {evaluated.Detail}{chart}";
    }

    /// <summary>The timeline's line for a metric snapshot.</summary>
    public static string Describe(MetricSnapshotTaken snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var what = $"{snapshot.Metric} ({snapshot.Statistic})";
        return snapshot.Problem is { } problem
            ? $"Metric snapshot of {what} {snapshot.Why} could not be taken: {problem}"
            : snapshot.Points.Count == 0
                ? $"Metric snapshot of {what} {snapshot.Why}: no datapoints"
                : $"Metric snapshot of {what} {snapshot.Why}: {Chart(snapshot.Points, null)}";
    }
}
