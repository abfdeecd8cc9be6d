using System.Globalization;
using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Incidents.Events;

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
                $"{incident.Id} has no commander yet. Who takes it? `/incident role commander me`"));
        }

        if (incident.Phase is Phase.Recovering or Phase.Verifying && incident.Severity is { } severity && options.StatusEvery.TryGetValue(severity, out var every))
        {
            // Counted from the last thing a person said or did, or from the last such reminder, so it repeats while the room is silent.
            var anchor = incident.LastStatusReminder is { } last && last > incident.LastHumanActivity ? last : incident.LastHumanActivity;
            plan.Add(new Reminder($"status@{anchor.ToUnixTimeSeconds()}", anchor + every,
                $"{incident.Id} ({severity.Label()}): nothing said for {(int)every.TotalMinutes} minutes. Post a status update: `/incident note <where we are>`"));
        }

        if (incident.Phase == Phase.Reporting && incident.PostmortemStatus != PostmortemStatus.Published && incident.FirstEntered(Phase.Reporting) is { } resolved)
        {
            plan.Add(new Reminder("postmortem", resolved + options.ReviewAfter,
                $"{incident.Id}'s postmortem is {incident.PostmortemStatus.Name()} {(int)options.ReviewAfter.TotalHours} hours after resolution. Next: `{incident.PostmortemStatus.NextCommand(incident.Reviewers.Count > 0)}`"));
        }

        foreach (var item in incident.ActionItems.Where(a => a.IsOpen))
        {
            var due = Local(item.Due, options.ActionItemsAt, zone);
            var text = $"{incident.Id} action #{item.Number} \"{item.Text}\" (@{item.Owner}) is due {item.Due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";
            plan.Add(new Reminder($"action-{item.Number}-due", due, text + ". `/incident action done #" + item.Number + "` when it is."));
            plan.Add(new Reminder($"action-{item.Number}-overdue", due.AddDays(1), text + " and is overdue."));
        }

        return [.. plan.Where(r => !incident.RemindersSent.Contains(r.Key))];
    }

    private static DateTimeOffset Local(DateOnly day, TimeOnly time, TimeZoneInfo zone)
    {
        var wall = day.ToDateTime(time);
        return new DateTimeOffset(wall, zone.GetUtcOffset(wall));
    }
}
