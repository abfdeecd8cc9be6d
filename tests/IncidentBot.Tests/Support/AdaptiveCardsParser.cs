using System.Text.Json.Nodes;

namespace IncidentBot.Tests.Support;

/// <summary>Microsoft's own Adaptive Cards parser (npm <c>adaptivecards</c> 3.x, through node): what it finds wrong with cards.</summary>
internal static class AdaptiveCardsParser
{
    /// <summary>For each card, the parser's errors and warnings, as "event: message" lines (none for a clean card).</summary>
    public static async Task<IReadOnlyList<IReadOnlyList<string>>> ProblemsAsync(IReadOnlyList<JsonObject> cards)
    {
        ArgumentNullException.ThrowIfNull(cards);
        NodeTools.Path("node_modules/adaptivecards/dist/adaptivecards.js");
        var output = await NodeTools.NodeAsync(new JsonArray([.. cards.Select(c => c.DeepClone())]).ToJsonString(), "validate-cards.js");
        return [.. JsonNode.Parse(output)!.AsArray().Select(card => (IReadOnlyList<string>)[.. card!.AsArray().Select(p => $"{p!["event"]}: {p["message"]}")])];
    }

    /// <summary>Fails with every problem of every card, and the card it was in.</summary>
    public static async Task AssertValidAsync(IReadOnlyList<JsonObject> cards)
    {
        var problems = await ProblemsAsync(cards);
        var bad = cards.Zip(problems).Where(p => p.Second.Count > 0).Select(p => $"{string.Join("; ", p.Second)}\n  in {Cut(p.First.ToJsonString())}").ToList();
        Assert.True(bad.Count == 0, $"{bad.Count} of {cards.Count} cards do not parse cleanly:\n" + string.Join("\n", bad));
    }

    private static string Cut(string json) => json.Length <= 600 ? json : json[..600] + "…";
}
