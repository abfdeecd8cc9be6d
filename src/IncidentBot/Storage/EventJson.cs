using System.Text.Json;
using System.Text.Json.Serialization;
using IncidentBot.Workflows.Incidents;

namespace IncidentBot.Storage;

/// <summary>How events are written in the store: JSON with a "type" discriminator and enums by name.</summary>
internal static class EventJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Serialize(IncidentEvent e) => JsonSerializer.Serialize(e, Options);

    public static IncidentEvent Deserialize(string json) =>
        JsonSerializer.Deserialize<IncidentEvent>(json, Options)
        ?? throw new InvalidDataException("An event payload in the store is null.");
}
