using System.Net.Http.Json;
using System.Text.Json;

namespace IncidentBot.LoadTest;

/// <summary>
/// Where issue 12's clients note: N incidents, each opened in its own web room (<c>web</c> when there
/// is one, as before; <c>web-1</c>..<c>web-N</c> otherwise), and the replicas a round-robin balancer
/// spreads the clients over. Client c talks to replica c % replicas, and notes in room
/// (c / replicas) % N: with two replicas every room gets clients through both (room c % N alone would
/// pair each even room with replica 1 only when N is even), and with one replica it is room c % N.
/// </summary>
internal sealed class NoteSpread
{
    private readonly string[] _channels;
    private readonly string[] _ids;

    private NoteSpread(string[] channels, string[] ids, int replicas) => (_channels, _ids, Replicas) = (channels, ids, replicas);

    public int Replicas { get; }
    public int Incidents => _ids.Length;

    public int ReplicaOf(int client) => client % Replicas;
    public int RoomOf(int client) => client / Replicas % _ids.Length;
    public string Channel(int room) => _channels[room];
    public string Id(int room) => _ids[room];

    /// <summary>Opens one incident per room, room k through replica k % n; each id is read from the bot's answer.</summary>
    public static async Task<NoteSpread> OpenAsync(HttpClient[] replicas, int incidents)
    {
        var channels = incidents == 1 ? ["web"] : Enumerable.Range(1, incidents).Select(k => $"web-{k}").ToArray();
        var ids = new string[incidents];
        for (var room = 0; room < incidents; room++)
        {
            var text = $"/incident start load test on incident {room + 1} of {incidents}";
            using var started = await replicas[room % replicas.Length].PostAsJsonAsync(new Uri("/api/commands", UriKind.Relative), new { text, user = "loader", channel = channels[room] });
            started.EnsureSuccessStatusCode();
            var reply = await started.Content.ReadFromJsonAsync<JsonElement>();
            ids[room] = reply.GetProperty("ok").GetBoolean() && reply.GetProperty("incident").GetString() is { Length: > 0 } id
                ? id
                : throw new InvalidOperationException($"/incident start in {channels[room]} was refused: {reply}");
        }

        Console.WriteLine($"{incidents} incident(s) opened: {string.Join(", ", ids.Select((id, room) => $"{id} in {channels[room]}"))}");
        return new NoteSpread(channels, ids, replicas.Length);
    }

    /// <summary>How many clients note in each room through each replica, e.g. "8 rooms × 2 replicas, 4 clients each".</summary>
    public string Describe(int clients)
    {
        var cells = Enumerable.Range(0, clients).GroupBy(c => (RoomOf(c), ReplicaOf(c))).Select(g => g.Count()).ToList();
        var each = cells.Min() == cells.Max() ? $"{cells.Min()} clients each" : $"{cells.Min()}–{cells.Max()} clients each";
        return $"{clients} clients over {Incidents} room(s) × {Replicas} replica(s) ({cells.Count} pairs used, {each})";
    }
}
