using System.Globalization;
using System.Text.Json.Nodes;

namespace IncidentBot.Chat.Teams;

/// <summary>An activity as the Bot Connector sends it (protocols §B4): the fields the bot reads, from its JSON.</summary>
public sealed class TeamsActivity(JsonObject json)
{
    public JsonObject Json { get; } = json;

    public string? Type => Text(Json, "type");
    public string? Id => Text(Json, "id");
    public string? Name => Text(Json, "name");
    public string? ChannelId => Text(Json, "channelId");
    public string? ServiceUrl => Text(Json, "serviceUrl");
    public string? Body => Text(Json, "text");
    public string? ReplyToId => Text(Json, "replyToId");
    public JsonNode? Value => Json["value"];
    public string? FromId => Text(Json["from"], "id");
    public string? FromName => Text(Json["from"], "name");
    public string? RecipientId => Text(Json["recipient"], "id");
    public string? ConversationId => Text(Json["conversation"], "id");
    public string? ConversationType => Text(Json["conversation"], "conversationType");
    public string? Tenant => Text(Json["channelData"]?["tenant"], "id") ?? Text(Json["conversation"], "tenantId");
    public string? TeamId => Text(Json["channelData"]?["team"], "id");
    public string? TeamName => Text(Json["channelData"]?["team"], "name");
    public string? EventType => Text(Json["channelData"], "eventType");

    public bool IsPersonal => ConversationType == "personal";

    public DateTimeOffset? Timestamp =>
        DateTimeOffset.TryParse(Text(Json, "timestamp"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;

    /// <summary>The people and bots the text mentions: their id, name, and the markup that stands for them (<c>&lt;at&gt;Name&lt;/at&gt;</c>).</summary>
    public IEnumerable<(string Id, string Name, string Markup)> Mentions =>
        (Json["entities"] as JsonArray ?? []).OfType<JsonObject>()
            .Where(e => Text(e, "type") == "mention" && Text(e["mentioned"], "id") is not null)
            .Select(e => (Text(e["mentioned"], "id")!, Text(e["mentioned"], "name") ?? "", Text(e, "text") ?? ""));

    public IEnumerable<string> MembersAdded => Members("membersAdded");

    public IEnumerable<string> MembersRemoved => Members("membersRemoved");

    private IEnumerable<string> Members(string key) =>
        (Json[key] as JsonArray ?? []).Select(m => Text(m, "id")).OfType<string>();

    internal static string? Text(JsonNode? node, string key) =>
        node is JsonObject o && o[key] is JsonValue v && v.TryGetValue<string>(out var text) ? text : null;
}
