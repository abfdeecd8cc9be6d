using IncidentBot.Workflows.Incidents;

namespace IncidentBot.WarRoom;

public static class WarRoomServices
{
    public static WebApplicationBuilder AddWarRoom(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<ChangeFeed>();
        builder.Services.AddSingleton<IIncidentObserver>(sp => sp.GetRequiredService<ChangeFeed>());
        return builder;
    }

    /// <summary>The local war room page at <c>/</c> and its change stream at <c>/api/changes</c> (server-sent events).</summary>
    public static WebApplication MapWarRoom(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.MapGet("/api/changes", (ChangeFeed feed, CancellationToken cancellationToken) =>
            TypedResults.ServerSentEvents(feed.SubscribeAsync(cancellationToken), eventType: "changed"));
        return app;
    }
}
