using System.Net.Http.Json;
using System.Text.Json;

namespace IncidentBot.LoadTest;

/// <summary>
/// The load's incidents as each replica serves them (<c>GET /api/incidents/{id}/view</c>): every note
/// answered "ok" must be in its own incident's timeline exactly once and in no other, no timeline may
/// hold a text twice, and every replica must serve each incident at the same version with the same timeline.
/// </summary>
internal static class TimelineCheck
{
    /// <summary>Reads every incident from each replica, says what it found in one line per incident and one for the notes; true when all holds.</summary>
    public static async Task<bool> ReplicasAgreeAsync(IReadOnlyList<BotProcess> replicas, NoteSpread spread, IReadOnlyCollection<(int Room, string Text)> answered, string when)
    {
        // Every text in any incident's timeline → the rooms it was found in, once per row.
        var found = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var (allSame, repeated) = (true, 0);
        for (var room = 0; room < spread.Incidents; room++)
        {
            var views = new List<(long Version, List<string?> Texts)>();
            foreach (var replica in replicas)
            {
                views.Add(await ReadAsync(replica.Url, spread.Id(room)));
            }

            var same = views.All(v => v.Version == views[0].Version && v.Texts.SequenceEqual(views[0].Texts));
            allSame &= same;
            var versions = string.Join(" / ", views.Select(v => v.Version));
            Console.WriteLine($"{when}: {spread.Id(room)} in {spread.Channel(room)}: version {versions}, {views[0].Texts.Count} timeline rows, on {replicas.Count} replica(s); same state: {(same ? "yes" : "NO")}");
            foreach (var text in views[0].Texts.OfType<string>())
            {
                if (!found.TryGetValue(text, out var rooms))
                {
                    found[text] = rooms = [];
                }

                repeated += rooms.Contains(room) ? 1 : 0;
                rooms.Add(room);
            }
        }

        var missing = answered.Count(a => !found.TryGetValue(a.Text, out var rooms) || !rooms.Contains(a.Room));
        var twice = answered.Count(a => found.TryGetValue(a.Text, out var rooms) && rooms.Count(r => r == a.Room) > 1);
        var elsewhere = answered.Count(a => found.TryGetValue(a.Text, out var rooms) && rooms.Any(r => r != a.Room));
        Console.WriteLine($"{when}: {answered.Count} notes answered ok over {spread.Incidents} incident(s), {missing} missing from their incident's timeline, {twice} in it more than once, {elsewhere} in another incident's ({repeated} rows repeating a text in the same timeline); replicas serve the same state: {(allSame ? "yes" : "NO")}");
        return allSame && missing == 0 && twice == 0 && elsewhere == 0 && repeated == 0;
    }

    private static async Task<(long Version, List<string?> Texts)> ReadAsync(Uri replica, string incident)
    {
        // A long incident's view is megabytes: a patient client of its own.
        using var http = NoteLoad.Client(replica, 1, TimeSpan.FromMinutes(2));
        var view = await http.GetFromJsonAsync<JsonElement>(new Uri($"/api/incidents/{incident}/view", UriKind.Relative));
        var texts = view.GetProperty("timeline").EnumerateArray().Select(e => e.TryGetProperty("text", out var text) ? text.GetString() : null).ToList();
        return (view.GetProperty("incident").GetProperty("version").GetInt64(), texts);
    }
}
