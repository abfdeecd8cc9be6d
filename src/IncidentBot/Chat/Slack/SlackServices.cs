using IncidentBot.Hosting;
using IncidentBot.Workflows.Language;
using Microsoft.Extensions.Options;

namespace IncidentBot.Chat.Slack;

public static class SlackServices
{
    /// <summary>
    /// The Slack app. The endpoints always exist (and refuse everything without a signing secret);
    /// the outbox delivery runs when a bot token is set, Socket Mode when an app token is set too.
    /// </summary>
    public static WebApplicationBuilder AddSlack(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var section = builder.Configuration.GetSection("Slack");
        builder.Services.AddOptions<SlackOptions>().Bind(section)
            .Validate(o => o.ApiBaseUrl.IsAbsoluteUri, "Slack:ApiBaseUrl must be an absolute URL, e.g. https://slack.com/api/.")
            .Validate(o => o.PublicUrl is null || o.PublicUrl.IsAbsoluteUri, "Slack:PublicUrl must be an absolute URL, e.g. https://incidents.example.com/.")
            .Validate(o => o.TimeoutSeconds > 0, "Slack:TimeoutSeconds is more than 0.")
            .ValidateOnStart();
        builder.Services.AddHttpClient("slack");
        builder.Services.AddSingleton<SlackDirectory>();
        builder.Services.AddSingleton(sp => new SlackApi(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient("slack"),
            sp.GetRequiredService<IOptions<SlackOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<SlackApi>>()));
        builder.Services.AddSingleton<SlackModals>();
        builder.Services.AddSingleton<SlackCommands>();
        builder.Services.AddSingleton<SlackInteractions>();
        builder.Services.AddSingleton<SlackEvents>();

        var options = section.Get<SlackOptions>() ?? new SlackOptions();
        if (options.Enabled)
        {
            // Slack delivers: it opens war rooms, and announces incidents when it has a broadcast channel.
            builder.Services.AddSingleton(sp =>
            {
                using var language = Say.Use(sp.GetRequiredService<IOptions<BotOptions>>().Value.Locale);
                return SlackPlatform.Describe(options);
            });
            builder.Services.AddSingleton<SlackViews>();
            builder.Services.AddSingleton<SlackMessages>();
            builder.Services.AddSingleton<SlackRoomOpener>();
            builder.Services.AddSingleton<SlackPosts>();
            builder.Services.AddSingleton<SlackRefresh>();
            builder.Services.AddSingleton<IOutboxDelivery, SlackDelivery>();
        }

        if (options.Enabled && !string.IsNullOrEmpty(options.AppToken))
        {
            builder.Services.AddSingleton<SlackSocketSlots>();
            builder.Services.AddSingleton<SlackSocketMode>();
            builder.Services.AddHostedService(sp => sp.GetRequiredService<SlackSocketMode>());
        }

        return builder;
    }

    /// <summary>Says at start-up what the Slack app can and cannot do with the settings it has.</summary>
    public static void ReportSlack(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.Services.GetRequiredService<IOptions<SlackOptions>>().Value;
        if (string.IsNullOrEmpty(options.SigningSecret) && string.IsNullOrEmpty(options.AppToken))
        {
            app.Logger.LogInformation("Slack: off (set Slack__SigningSecret and Slack__BotToken for HTTP mode, or Slack__AppToken and Slack__BotToken for Socket Mode)");
            return;
        }

        if (!options.Enabled)
        {
            app.Logger.LogWarning("Slack: Slack__BotToken is not set, so the bot cannot open war rooms or post; set it to the Bot User OAuth Token (xoxb-…)");
        }

        if (string.IsNullOrEmpty(options.SigningSecret))
        {
            app.Logger.LogWarning("Slack: Slack__SigningSecret is not set: every request to /slack/* is refused (Socket Mode does not need it)");
        }

        app.Logger.LogInformation("Slack: {Mode}, Web API at {Api}", string.IsNullOrEmpty(options.AppToken) ? "HTTP mode" : "Socket Mode and HTTP mode", options.ApiBaseUrl);
    }
}
