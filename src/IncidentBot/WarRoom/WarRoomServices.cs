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
        builder.Services.AddSingleton<IRemoteChangeObserver>(sp => sp.GetRequiredService<ChangeFeed>());
        builder.Services.AddSingleton<Conversation>();
        builder.Services.AddHostedService<ConversationWriter>();
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

    private static async Task<IResult> ReadAsync(string room, string? after, string? before, string? limit, string? viewer, HttpContext context, PageAccess access, IConversationStore store, CancellationToken cancellationToken)
    {
        var since = 0L;
        var until = long.MaxValue;
        var size = 200;
        if (room.Length > 200 || (after is not null && !long.TryParse(after, NumberStyles.None, CultureInfo.InvariantCulture, out since))
            || (before is not null && !long.TryParse(before, NumberStyles.None, CultureInfo.InvariantCulture, out until))
            || (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size is < 1 or > 500)))
        {
            return Results.Problem(title: "Bad conversation request", detail: "after and before are sequence numbers a previous answer gave; limit is 1 to 500 (200 by default).", statusCode: StatusCodes.Status400BadRequest);
        }

        // Private replies only for whoever the request can be taken to be (never a name anyone may type).
        var who = access.Viewer(context, viewer?.Trim().TrimStart('@'));
        var entries = await store.ReadAsync(Conversation.RoomOf(room, null), since, until, size, who, cancellationToken);
        return Results.Json(entries.Select(e => new
        {
            seq = e.Seq,
            at = e.At,
            user = e.User,
            said = e.Said,
            reply = e.ReplyJson is null ? null : JsonNode.Parse(e.ReplyJson),
            key = e.RequestKey is { } k && who is not null && k.StartsWith($"api:{who.ToLowerInvariant()}:", StringComparison.Ordinal) ? k[($"api:{who}:".Length)..] : null,
            privacy = e.Privacy switch { ConversationPrivacy.SenderOnly => "sender-only", ConversationPrivacy.ReplyToSender => "reply-to-sender", _ => "public" },
        }));
    }
}
