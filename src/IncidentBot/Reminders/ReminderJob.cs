using IncidentBot.Hosting;
using IncidentBot.Workflows.Commands;
using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Language;
using Microsoft.Extensions.Options;
using Quartz;

namespace IncidentBot.Reminders;

/// <summary>
/// A Quartz timer going off for one reminder. It asks the dispatcher, which checks that the reminder
/// still applies and records it once (its key is the delivery key), so a timer that fires twice, on
/// two replicas or after a restart, still gives one reminder.
/// </summary>
public sealed class ReminderJob(CommandDispatcher dispatcher, IOptions<BotOptions> bot, ILogger<ReminderJob> logger) : IJob
{
    public const string IncidentKey = "incident";
    public const string ReminderKey = "reminder";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        using var language = Say.Use(bot.Value.Locale); // a Quartz thread: the reminder is said in the installation's language
        var data = context.MergedJobDataMap;
        var incident = IncidentId.Parse(data.GetString(IncidentKey)!);
        var reminder = data.GetString(ReminderKey)!;
        var sent = await dispatcher.RemindAsync(incident, reminder, cancellationToken);
        logger.LogInformation("Reminder {Reminder} for {Incident}: {Outcome}", reminder, incident, sent ? "sent" : "no longer applies");
    }
}
