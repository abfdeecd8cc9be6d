using System.Globalization;
using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Incidents.Events;
using IncidentBot.Workflows.Language;

namespace IncidentBot.Workflows.Reminders;

/// <summary>
/// The reminders an incident is owed right now, derived from its state alone. A reminder that no
/// longer applies (a commander was named, the incident closed, the item was done) simply drops out of
/// the plan; one already sent is never planned again. The scheduler keeps its timers equal to this plan.
/// </summary>
public static class ReminderPlan
{
    public static IReadOnlyList<Reminder> For(Incident incident, ReminderOptions options, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(options);
        var plan = new List<Reminder>();
        var active = incident.Phase is Phase.Triage or Phase.Recovering or Phase.Verifying;
        if (active && incident.Commander is null)
        {
            plan.Add(new Reminder("no-commander", incident.OpenedAt + options.NoCommanderAfter,
                Say.T($"{incident.Id} has no commander yet. Who takes it? `/incident role commander me`",
                    $"{incident.Id} にはまだインシデントコマンダーがいません。誰が引き受けますか。`/incident role commander me`")));
        }

        if (incident.Phase is Phase.Recovering or Phase.Verifying && incident.Severity is { } severity && options.StatusEvery.TryGetValue(severity, out var every))
        {
            // Counted from the last thing a person said or did, or from the last such reminder, so it repeats while the room is silent.
            var anchor = incident.LastStatusReminder is { } last && last > incident.LastHumanActivity ? last : incident.LastHumanActivity;
            var minutes = (int)every.TotalMinutes;
            plan.Add(new Reminder($"status@{anchor.ToUnixTimeSeconds()}", anchor + every,
                Say.T($"{incident.Id} ({severity.Label()}): nothing said for {minutes} minutes. Post a status update: `/incident note <where we are>`",
                    $"{incident.Id}（{severity.Label()}）：{minutes} 分間、発言がありません。状況を共有してください：`/incident note <where we are>`")));
        }

        if (incident.Phase == Phase.Reporting && incident.PostmortemStatus != PostmortemStatus.Published && incident.FirstEntered(Phase.Reporting) is { } resolved)
        {
            var (hours, next) = ((int)options.ReviewAfter.TotalHours, incident.PostmortemStatus.NextCommand(incident.Reviewers.Count > 0));
            plan.Add(new Reminder("postmortem", resolved + options.ReviewAfter,
                Say.T($"{incident.Id}'s postmortem is {incident.PostmortemStatus.Name()} {hours} hours after resolution. Next: `{next}`",
                    $"{incident.Id} のポストモーテムは、解決から {hours} 時間たっても{incident.PostmortemStatus.Label()}のままです。次の手順：`{next}`")));
        }

        foreach (var item in incident.ActionItems.Where(a => a.IsOpen))
        {
            var due = Local(item.Due, options.ActionItemsAt, zone);
            var day = item.Due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var (n, what, owner) = (item.Number, item.Text, item.Owner);
            var action = $"{incident.Id} のアクションアイテム #{n}「{what}」（@{owner}）";
            plan.Add(new Reminder($"action-{n}-due", due, Say.T(
                $"{incident.Id} action #{n} \"{what}\" (@{owner}) is due {day}. `/incident action done #{n}` when it is.",
                $"{action}の期限は {day} です。完了したら `/incident action done #{n}` を実行してください。")));
            plan.Add(new Reminder($"action-{n}-overdue", due.AddDays(1), Say.T(
                $"{incident.Id} action #{n} \"{what}\" (@{owner}) is due {day} and is overdue.",
                $"{action}は期限 {day} を過ぎています。")));
        }

        return [.. plan.Where(r => !incident.RemindersSent.Contains(r.Key))];
    }

    private static DateTimeOffset Local(DateOnly day, TimeOnly time, TimeZoneInfo zone)
    {
        var wall = day.ToDateTime(time);
        return new DateTimeOffset(wall, zone.GetUtcOffset(wall));
    }
}
