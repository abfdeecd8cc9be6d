using System.Net.Http.Json;
using System.Text.Json;

namespace IncidentBot.LoadTest;

/// <summary>
/// The load's one incident as each replica serves it (<c>GET /api/incidents/INC-0001/view</c>): every
/// note answered "ok" must be in its timeline exactly once, and every replica must serve the same.
/// </summary>
internal static class TimelineCheck
{
    /// <summary>Reads the incident from each replica, says what it found in one line per replica and one for the notes; true when all holds.</summary>
    public static async Task<bool> ReplicasAgreeAsync(IReadOnlyList<BotProcess> replicas, IReadOnlyCollection<string> answered, string when)
    {
        var views = new List<(long Version, List<string?> Texts)>();
        foreach (var replica in replicas)
        {
            var view = await ReadAsync(replica.Url);
            views.Add(view);
            Console.WriteLine($"{when}: {replica.Url} serves INC-0001 at version {view.Version} with {view.Texts.Count} timeline rows");
        }

        var same = views.All(v => v.Version == views[0].Version && v.Texts.SequenceEqual(views[0].Texts));
        var counts = views[0].Texts.OfType<string>().GroupBy(t => t, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var missing = answered.Count(a => !counts.ContainsKey(a));
        var twice = answered.Count(a => counts.GetValueOrDefault(a) > 1);
        var repeated = counts.Count(c => c.Value > 1);
        Console.WriteLine($"{when}: {answered.Count} notes answered ok, {missing} missing from the timeline, {twice} in it more than once ({repeated} texts repeated in all); replicas serve the same state: {(same ? "yes" : "NO")}");
        return same && missing == 0 && twice == 0 && repeated == 0;
    }

    private static async Task<(long Version, List<string?> Texts)> ReadAsync(Uri replica)
    {
        // A long incident's view is megabytes: a patient client of its own.
        using var http = NoteLoad.Client(replica, 1, TimeSpan.FromMinutes(2));
        var view = await http.GetFromJsonAsync<JsonElement>(new Uri("/api/incidents/INC-0001/view", UriKind.Relative));
        var texts = view.GetProperty("timeline").EnumerateArray().Select(e => e.TryGetProperty("text", out var text) ? text.GetString() : null).ToList();
        return (view.GetProperty("incident").GetProperty("version").GetInt64(), texts);
    }
}
