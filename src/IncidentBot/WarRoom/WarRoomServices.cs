using System.Globalization;
using System.Text.Json.Nodes;
using IncidentBot.Hosting;
using IncidentBot.Workflows.Incidents;
using Microsoft.Extensions.Options;

namespace IncidentBot.WarRoom;

public static class WarRoomServices
{
    public static WebApplicationBuilder AddWarRoom(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<ChangeFeed>();
        builder.Services.AddSingleton<IIncidentObserver>(sp => sp.GetRequiredService<ChangeFeed>());
        builder.Services.AddSingleton<Conversation>();
        return builder;
    }

    /// <summary>
    /// The war room page at <c>/</c>; its change stream at <c>/api/changes</c> (server-sent events);
    /// each room's kept conversation at <c>/api/rooms/{room}/conversation</c>; the installation's
    /// language and time zone at <c>/api/war-room</c>, so the page speaks and dates as the bot does.
    /// </summary>
    public static WebApplication MapWarRoom(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.MapGet("/api/changes", (ChangeFeed feed, CancellationToken cancellationToken) =>
            TypedResults.ServerSentEvents(feed.SubscribeAsync(cancellationToken)));
        app.MapGet("/api/war-room", (IOptions<BotOptions> options) =>
            Results.Json(new { locale = options.Value.Locale, zone = options.Value.TimeZone }));
        app.MapGet("/api/rooms/{room}/conversation", ReadAsync);
        return app;
    }

    private static async Task<IResult> ReadAsync(string room, string? after, string? limit, string? viewer, IConversationStore store, CancellationToken cancellationToken)
    {
        var since = 0L;
        var size = 200;
        if (room.Length > 200 || (after is not null && !long.TryParse(after, NumberStyles.None, CultureInfo.InvariantCulture, out since))
            || (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size is < 1 or > 500)))
        {
            return Results.Problem(title: "Bad conversation request", detail: "after is a sequence number a previous answer gave; limit is 1 to 500 (200 by default).", statusCode: StatusCodes.Status400BadRequest);
        }

        var entries = await store.ReadAsync(Conversation.RoomOf(room, null), since, size, viewer?.Trim().TrimStart('@'), cancellationToken);
        return Results.Json(entries.Select(e => new
        {
            seq = e.Seq,
            at = e.At,
            user = e.User,
            said = e.Said,
            reply = e.ReplyJson is null ? null : JsonNode.Parse(e.ReplyJson),
            privacy = e.Privacy switch { ConversationPrivacy.SenderOnly => "sender-only", ConversationPrivacy.ReplyToSender => "reply-to-sender", _ => "public" },
        }));
    }
}
