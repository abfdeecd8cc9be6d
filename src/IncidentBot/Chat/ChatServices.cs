using IncidentBot.Workflows.Chat;
using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Outbox;
using Microsoft.Extensions.Options;

namespace IncidentBot.Chat;

public static class ChatServices
{
    /// <summary>
    /// The chat core every platform plugs into: one outbox policy (which platform opens an incident's
    /// room, where it is announced), one delivery loop over every platform's <see cref="IOutboxDelivery"/>,
    /// capture of what rooms say, and the people directory.
    /// </summary>
    public static WebApplicationBuilder AddChat(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<ChatOptions>().Bind(builder.Configuration.GetSection("Chat"))
            .Validate(o => o.NotReadyLimitMinutes > 0, "Chat:NotReadyLimitMinutes must be more than 0.")
            .Validate(o => o.OutboxMaxAgeMinutes >= 0, "Chat:OutboxMaxAgeMinutes is 0 (off) or more.")
            .ValidateOnStart();
        builder.Services.AddSingleton<OutboxSignal>();
        builder.Services.AddSingleton<IIncidentObserver>(sp => sp.GetRequiredService<OutboxSignal>());
        builder.Services.AddSingleton<Hosting.IRemoteChangeObserver>(sp => sp.GetRequiredService<OutboxSignal>());
        builder.Services.AddSingleton<PeopleDirectory>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<PeopleDirectory>());
        builder.Services.AddSingleton<KeptMessages>();
        builder.Services.AddSingleton<ChatCapture>();
        builder.Services.AddSingleton(sp => new OutboxPolicy(sp.GetServices<ChatPlatform>(), sp.GetRequiredService<IOptions<ChatOptions>>().Value.PrimaryPlatform));
        builder.Services.AddSingleton<IOutboxPlanner>(sp => sp.GetRequiredService<OutboxPolicy>());
        builder.Services.AddHostedService<OutboxLoop>();
        return builder;
    }

    /// <summary>Says at start-up where war rooms open and where incidents are announced; refuses a primary platform that is not there.</summary>
    public static void ReportChat(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var policy = app.Services.GetRequiredService<OutboxPolicy>();
        if (policy.Platforms.Count == 0)
        {
            app.Logger.LogInformation("War rooms: on the local page only (no chat platform can post)");
            return;
        }

        var announced = policy.Platforms.Where(p => p.Announces).Select(p => p.DisplayName).ToList();
        app.Logger.LogInformation("War rooms: opened in {Primary} unless started on another platform that opens rooms; incidents announced in {Announced}",
            policy.Primary?.DisplayName ?? "no platform", announced.Count == 0 ? "no channel (set a broadcast channel)" : string.Join(", ", announced));
    }
}
