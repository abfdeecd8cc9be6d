using IncidentBot.Workflows.Incidents;

namespace IncidentBot.Workflows.Postmortems;

/// <summary>The sections people write, which of them must be written before publishing, and who the author is.</summary>
public static class PostmortemSections
{
    /// <summary>Every section <c>/incident postmortem write</c> takes, in the draft's order.</summary>
    public static readonly IReadOnlyList<string> Writable = ["summary", "impact", "root-cause", "trigger", "detection", "went-well", "went-badly", "lucky", "notes"];

    /// <summary>What a published postmortem must say (in words, or <c>n/a &lt;reason&gt;</c>); <c>notes</c> is optional.</summary>
    public static readonly IReadOnlyList<string> Required = ["summary", "impact", "root-cause", "trigger", "detection", "went-well", "went-badly", "lucky"];

    /// <summary>The required sections nobody has written yet (a summary or impact recorded with its own command counts).</summary>
    public static IReadOnlyList<string> Unwritten(Incident incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        return [.. Required.Where(s => !incident.PostmortemTexts.ContainsKey(s)
            && !(s == "summary" && incident.Summary is not null)
            && !(s == "impact" && incident.Impact is not null))];
    }

    /// <summary>The postmortem's author: the scribe, else the commander, else whoever wrote most of its sections.</summary>
    public static string? Author(Incident incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        return incident.Scribe ?? incident.Commander ?? incident.PostmortemWriters
            .GroupBy(w => w, StringComparer.OrdinalIgnoreCase).OrderByDescending(g => g.Count()).Select(g => g.Key).FirstOrDefault();
    }

    /// <summary>
    /// Everyone who had a hand in the postmortem: whoever ever held the commander or scribe role, and
    /// whoever wrote a section. None of them reviews or approves it.
    /// </summary>
    public static IReadOnlySet<string> Authors(Incident incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        var authors = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var holder in new[] { incident.Commander, incident.Scribe }
            .Concat(incident.Handovers.Where(h => h.Role is Role.Commander or Role.Scribe).SelectMany(h => new[] { h.From, h.To })))
        {
            if (holder is not null)
            {
                authors.Add(holder);
            }
        }

        authors.UnionWith(incident.PostmortemWriters);
        return authors;
    }

    /// <summary><c>n/a</c> (with its reason) is an answer: the section does not apply.</summary>
    public static bool NotApplicable(string text) => text.StartsWith("n/a", StringComparison.OrdinalIgnoreCase);
}
