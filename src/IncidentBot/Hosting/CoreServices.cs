using IncidentBot.Workflows.Commands;
using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Postmortems;
using IncidentBot.Workflows.Reminders;
using IncidentBot.Workflows.Runbooks;
using Microsoft.Extensions.Options;

namespace IncidentBot.Hosting;

public static class CoreServices
{
    /// <summary>The clock, the bot's options and the command dispatcher every entry point shares.</summary>
    public static WebApplicationBuilder AddIncidentBotCore(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddExceptionHandler<StoreFaultHandler>();
        builder.Services.AddOptions<BotOptions>()
            .Bind(builder.Configuration.GetSection("Bot"))
            .Validate(o => TimeZoneInfo.TryFindSystemTimeZoneById(o.TimeZone, out _), "Bot:TimeZone is not a time zone this machine knows (try UTC or Asia/Tokyo).")
            .Validate(o => o.Locale is "en" or "ja", "Bot:Locale is en or ja.")
            .Validate(o => o.CacheIncidents >= 1 && o.CacheIdleMinutes >= 1, "Bot:CacheIncidents and Bot:CacheIdleMinutes are 1 or more.")
            .ValidateOnStart();
        builder.Services.AddSingleton(TimeProvider.System);
        if (builder.Configuration["Postmortem:PublishDirectory"] is { Length: > 0 })
        {
            builder.Services.AddSingleton<Postmortems.PostmortemPublisher>();
            builder.Services.AddHostedService(sp => sp.GetRequiredService<Postmortems.PostmortemPublisher>());
            builder.Services.AddSingleton<IIncidentObserver>(sp => sp.GetRequiredService<Postmortems.PostmortemPublisher>());
        }

        builder.Services.AddSingleton(sp =>
        {
            var bot = sp.GetRequiredService<IOptions<BotOptions>>().Value;
            var section = builder.Configuration.GetSection("Postmortem");
            return new PostmortemOptions
            {
                Locale = bot.Locale,
                Zone = FindZone(bot.TimeZone),
                Downtime = TimeSpan.FromMinutes(section.GetValue("DowntimeMinutes", 20)),
                Resolution = TimeSpan.FromMinutes(section.GetValue("ResolutionMinutes", 60)),
                RequiredApprovals = Math.Max(1, section.GetValue("RequiredApprovals", 1)),
                PublishDirectory = section["PublishDirectory"] is { Length: > 0 } folder ? Path.GetFullPath(folder) : null,
            };
        });
        builder.Services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<BotOptions>>().Value;
            return new CommandDispatcher(
                sp.GetRequiredService<IIncidentStore>(),
                sp.GetRequiredService<TimeProvider>(),
                FindZone(options.TimeZone),
                sp.GetServices<IIncidentObserver>(),
                sp.GetRequiredService<RunbookLibrary>(),
                sp.GetRequiredService<PostmortemOptions>(),
                sp.GetRequiredService<ReminderOptions>(),
                sp.GetService<Workflows.Outbox.IOutboxPlanner>(),
                readsMetrics: sp.GetRequiredService<IOptions<Aws.AwsOptions>>().Value.EffectiveRegion is not null,
                cacheLimits: new IncidentCacheLimits(options.CacheIncidents, options.CacheIdleMinutes));
        });
        return builder;
    }

    private static TimeZoneInfo FindZone(string id) => TimeZoneInfo.FindSystemTimeZoneById(id);
}
