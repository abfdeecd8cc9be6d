using System.Text.Json;
using IncidentBot.Hosting;
using IncidentBot.Workflows.Chat;
using IncidentBot.Workflows.Commands;

namespace IncidentBot.Api;

public static class CommandApi
{
    /// <summary>Bodies over this size are refused before they are parsed.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    /// <summary>
    /// <c>POST /api/commands</c>: the local war room's and scripts' way in. The answer is sent after
    /// the command's events are committed, so a 200 means durable.
    /// </summary>
    public static WebApplication MapCommandApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapPost("/api/commands", HandleAsync).RequireWriter();
        return app;
    }

    private static async Task<IResult> HandleAsync(HttpRequest request, CommandDispatcher dispatcher, WarRoom.Conversation conversation, CancellationToken cancellationToken)
    {
        var body = await ReadBodyAsync(request, cancellationToken);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        var reply = await dispatcher.HandleAsync(body.Request!, cancellationToken);
        var room = conversation.Keep(body.Request!, reply);
        return Results.Json(MessageJson.From(reply) with { Room = room });
    }

    private static async Task<(CommandRequest? Request, IResult? Problem)> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var bytes = await RequestBody.ReadAsync(request, MaxBodyBytes, cancellationToken);
        if (bytes is null)
        {
            return (null, BadRequest($"The body is over the limit of {MaxBodyBytes:N0} bytes."));
        }

        if (bytes.Length == 0)
        {
            return (null, BadRequest("The body is empty. Send JSON like {\"text\": \"/incident start db down sev2\", \"user\": \"alice\", \"channel\": \"web\"}."));
        }

        CommandBody? body;
        try
        {
            body = JsonSerializer.Deserialize<CommandBody>(bytes, JsonSerializerOptions.Web);
        }
        catch (JsonException ex)
        {
            return (null, BadRequest($"The body is not valid JSON ({ex.Message})."));
        }

        if (string.IsNullOrWhiteSpace(body?.Text))
        {
            return (null, BadRequest("\"text\" is required: the command, e.g. \"/incident status\"."));
        }

        // Signed in, you are who the provider says: the body's "user" is a script's to give, not a page's.
        var user = PageAccess.SignedInName(request.HttpContext) ?? body.User?.Trim().TrimStart('@');
        if (string.IsNullOrEmpty(user) || user.Length > 80 || !user.All(c => char.IsLetterOrDigit(c) || c is '.' or '-' or '_'))
        {
            return (null, BadRequest("Say who you are: your name (\"user\" in the API) is letters, digits, '.', '-' or '_', at most 80 characters, e.g. alice or j.doe."));
        }

        var channel = string.IsNullOrWhiteSpace(body.Channel) ? "web" : body.Channel.Trim();
        if (channel.Length > 200)
        {
            return (null, BadRequest("\"channel\" is at most 200 characters."));
        }

        var key = request.Headers["Idempotency-Key"].FirstOrDefault();
        if (key is { Length: 0 or > 200 })
        {
            return (null, BadRequest("The Idempotency-Key header is 1 to 200 characters."));
        }

        // A key is the sender's own: another person (or a page) reusing it never gets their reply.
        return (new CommandRequest(body.Text, user, RoomAddress.Local(channel), key is null ? null : $"api:{user.ToLowerInvariant()}:{key}"), null);
    }

    private static IResult BadRequest(string detail) =>
        Results.Problem(title: "Bad command request", detail: detail, statusCode: StatusCodes.Status400BadRequest);
}
