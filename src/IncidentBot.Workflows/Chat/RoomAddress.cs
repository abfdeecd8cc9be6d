using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace IncidentBot.Workflows.Chat;

/// <summary>
/// A conversation on a chat platform: which platform, and that platform's own reference to it. Slack
/// needs only a channel id; Teams also needs the service URL to call and the tenant it lives in. Two
/// addresses are the same room when their <see cref="Key"/>s are equal (a service URL may move).
/// </summary>
public sealed record RoomAddress(string Platform, string Conversation)
{
    /// <summary>The local war room page and the JSON API: always there, opens no rooms of its own.</summary>
    public const string LocalPlatform = "web";

    /// <summary>Where the platform's API for this conversation is (Teams' <c>serviceUrl</c>); null when the platform has one address.</summary>
    public string? ServiceUrl { get; init; }

    /// <summary>The tenant or workspace the conversation belongs to, when the platform has several.</summary>
    public string? Tenant { get; init; }

    /// <summary><c>platform:conversation</c>: what the store looks rooms up by, unique among open incidents.</summary>
    [JsonIgnore]
    public string Key => $"{Platform}:{Conversation}";

    public static RoomAddress Local(string channel) => new(LocalPlatform, channel);

    /// <summary>The address as JSON, named as events store it.</summary>
    public JsonObject ToJson()
    {
        var json = new JsonObject { ["platform"] = Platform, ["conversation"] = Conversation };
        if (ServiceUrl is not null)
        {
            json["serviceUrl"] = ServiceUrl;
        }

        if (Tenant is not null)
        {
            json["tenant"] = Tenant;
        }

        return json;
    }

    /// <summary>An address written by <see cref="ToJson"/>; null when the JSON holds none.</summary>
    public static RoomAddress? FromJson(JsonNode? json) =>
        json?["platform"]?.GetValue<string>() is { } platform && json["conversation"]?.GetValue<string>() is { } conversation
            ? new RoomAddress(platform, conversation) { ServiceUrl = json["serviceUrl"]?.GetValue<string>(), Tenant = json["tenant"]?.GetValue<string>() }
            : null;

    public bool Equals(RoomAddress? other) =>
        other is not null && string.Equals(Platform, other.Platform, StringComparison.Ordinal) && string.Equals(Conversation, other.Conversation, StringComparison.Ordinal);

    public override int GetHashCode() => HashCode.Combine(Platform, Conversation);

    public override string ToString() => Key;
}
