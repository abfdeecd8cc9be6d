using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Postmortems;

namespace IncidentBot.Workflows.Chat;

/// <summary>How the room hears about the postmortem draft: required or not and why, blame to reword, where to read it.</summary>
public static class PostmortemMessage
{
    public static string Requirement(Incident incident, DateTimeOffset now, PostmortemOptions options)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(options);
        var requirement = PostmortemRequirement.Of(incident, incident.Start, incident.FirstEntered(Phase.Reporting) ?? now, options);
        var unknown = requirement.Unknown.Count == 0 ? "" : $" Still unknown: {string.Join("; ", requirement.Unknown)}.";
        var verdict = requirement.Required ? $"A postmortem is required: {string.Join("; ", requirement.Reasons)}."
            : requirement.Unknown.Count > 0 ? "Whether a postmortem is required is not known yet."
            : $"No postmortem is required: {string.Join("; ", requirement.Reasons)}.";
        return $"{verdict}{unknown} Draft: {Link(incident.Id)} (`/incident postmortem` to regenerate).";
    }

    public static BotMessage Render(PostmortemDraft draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var prompts = draft.Sections.Count(s => s.Prompt is not null);
        var context = new List<string> { $"{prompts} sections wait for people's words; everything else is filled from the timeline." };
        context.AddRange(draft.BlamelessWarnings.Select(w => "Blameless: " + w));
        return new BotMessage
        {
            Incident = IncidentId.Parse(draft.Incident),
            Header = $"{draft.Incident} · postmortem draft",
            Text = $"{(draft.Requirement.Required ? "Required" : draft.Requirement.Unknown.Count > 0 ? "Not known yet" : "Not required")}: {string.Join("; ", draft.Requirement.Reasons)}."
                + (draft.Requirement.Unknown.Count == 0 ? "" : $"\nStill unknown: {string.Join("; ", draft.Requirement.Unknown)}.")
                + $"\nRead it: {Link(IncidentId.Parse(draft.Incident))} (also format=html or format=json).",
            Fields =
            [
                new("Period", $"{Format.DateTime(draft.PeriodStart, Zone(draft))} – {(draft.PeriodEnd is { } end ? Format.DateTime(end, Zone(draft)) : "ongoing")}"),
                new("Author", draft.Author is null ? "nobody yet: `/incident role scribe me`" : "@" + draft.Author),
                new("Timeline", $"{draft.Timeline.Count} entries"),
            ],
            Context = context,
        };
    }

    private static TimeZoneInfo Zone(PostmortemDraft draft) => TimeZoneInfo.FindSystemTimeZoneById(draft.Zone);

    private static string Link(IncidentId id) => $"/api/incidents/{id}/postmortem?format=md";
}
