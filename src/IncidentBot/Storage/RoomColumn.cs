using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using IncidentBot.Workflows.Chat;

namespace IncidentBot.Storage;

/// <summary>
/// Reads the incidents table's room column. A war room's commands look its incident up on every
/// message, so each distinct room's JSON is parsed once and kept (a few thousand at most; the cache
/// starts over past that).
/// </summary>
internal sealed class RoomColumn
{
    private const int MaxKept = 4096;
    private readonly ConcurrentDictionary<string, RoomAddress> _parsed = new(StringComparer.Ordinal);

    public RoomAddress? Read(string json)
    {
        if (_parsed.TryGetValue(json, out var room))
        {
            return room;
        }

        room = RoomAddress.FromJson(JsonNode.Parse(json));
        if (room is not null)
        {
            if (_parsed.Count >= MaxKept)
            {
                _parsed.Clear();
            }

            _parsed[json] = room;
        }

        return room;
    }
}
