using System.Text.Json;
using System.Text.Json.Serialization;

namespace IncidentBot.Workflows.Chat;

/// <summary>A reply kept with its delivery key, so a retried delivery is answered with the same words.</summary>
public static class ReplyJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    public static string Write(BotMessage message) => JsonSerializer.Serialize(message, Options);

    public static BotMessage Read(string json) =>
        JsonSerializer.Deserialize<BotMessage>(json, Options) ?? throw new InvalidDataException("A stored reply is null.");
}
