using IncidentBot.Storage;
using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Reminders;
using Quartz;

namespace IncidentBot.Reminders;

public static class ReminderServices
{
    /// <summary>
    /// Durable reminders: Quartz with its persistent job store in the bot's own database (its SQLite
    /// file, or clustered on PostgreSQL; the schema is provisioned by Quartz on first start), timers
    /// kept equal to each incident's plan.
    /// Settings (<c>Reminders</c> section): NoCommanderMinutes, StatusMinutes:Sev1..Sev4,
    /// ReviewHours, ActionItemsAt (HH:mm, in Bot:TimeZone).
    /// </summary>
    public static WebApplicationBuilder AddReminders(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var section = builder.Configuration.GetSection("Reminders");
        var defaults = new ReminderOptions();
        var status = new Dictionary<Severity, TimeSpan>(defaults.StatusEvery);
        foreach (var severity in Enum.GetValues<Severity>())
        {
            if (section.GetValue<double?>($"StatusMinutes:{severity.Label()}") is { } minutes)
            {
                if (minutes > 0)
                {
                    status[severity] = TimeSpan.FromMinutes(minutes);
                }
                else
                {
                    status.Remove(severity);
                }
            }
        }

        builder.Services.AddSingleton(new ReminderOptions
        {
            NoCommanderAfter = TimeSpan.FromMinutes(section.GetValue("NoCommanderMinutes", defaults.NoCommanderAfter.TotalMinutes)),
            StatusEvery = status,
            ReviewAfter = TimeSpan.FromHours(section.GetValue("ReviewHours", defaults.ReviewAfter.TotalHours)),
            ActionItemsAt = TimeOnly.Parse(section["ActionItemsAt"] ?? "09:00", System.Globalization.CultureInfo.InvariantCulture),
        });

        // On PostgreSQL several replicas share the schedule: Quartz's clustered store, so each reminder
        // fires on one of them, once, and a replica that dies has its due reminders taken over.
        var postgres = StorageServices.PostgresConnectionString(builder.Configuration);
        var database = SqliteIncidentStore.ConnectionString(builder.Configuration["Storage:Sqlite:Path"] ?? "data/incidentbot.db");
        builder.Services.AddQuartz(q =>
        {
            // (Clustered, Quartz gives each replica its own generated instance id.)
            q.UsePersistentStore(store =>
            {
                if (postgres is null)
                {
                    store.UseSqlite(database);
                }
                else
                {
                    store.UsePostgres(postgres);
                    store.UseClustering(c => c.CheckinInterval = TimeSpan.FromSeconds(builder.Configuration.GetValue("Reminders:ClusterCheckinSeconds", 7.5)));
                }

                store.ProvisionSchema();
            });
            if (postgres is not null)
            {
                // A replica is told of the timers it sets itself, not of another's: it looks for due ones
                // this often, so one set by a replica that went down fires within seconds, not half a minute.
                q.ConfigureScheduler(scheduler => scheduler.IdleWaitTime = TimeSpan.FromSeconds(2));
            }
        });
        builder.Services.AddQuartzHostedService(options => options.WaitForJobsToComplete = true);
        builder.Services.AddSingleton<ReminderScheduler>();
        builder.Services.AddSingleton<IIncidentObserver>(sp => sp.GetRequiredService<ReminderScheduler>());
        builder.Services.AddSingleton<Hosting.IRemoteChangeObserver>(sp => sp.GetRequiredService<ReminderScheduler>());
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ReminderScheduler>());
        return builder;
    }
}
