using System.Text.Json.Nodes;

namespace IncidentBot.Chat.Slack;

/// <summary>
/// What the bot answers Slack, over HTTP or as a Socket Mode ack: a status, an optional JSON body,
/// and work to do once the answer is on its way (opening a modal, which needs the trigger at once
/// but must not hold up the answer).
/// </summary>
public sealed record SlackAnswer(int Status, JsonNode? Body = null, Func<Task>? After = null)
{
    public static readonly SlackAnswer Ok = new(200);

    public static SlackAnswer BadRequest(string problem) => new(400, new JsonObject { ["error"] = problem });
}
