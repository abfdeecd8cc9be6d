using System.Globalization;
using IncidentBot.Workflows.Chat;
using IncidentBot.Workflows.Incidents;

namespace IncidentBot.Workflows.Postmortems;

/// <summary>
/// The draft's Detection section from what the bot knows: which alert fired first and when. Nothing
/// is guessed: with no alert, it says who reported it.
/// </summary>
public static class PostmortemDetection
{
    public static string Text(Incident incident, PostmortemOptions options)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(options);
        string T(string key, params object[] args) => PostmortemText.T(options.Locale, key, args);
        if (incident.FirstAlert is not { } first)
        {
            return incident.DetectionSource == "person" ? T("detected.person", "@" + incident.OpenedBy) : T("detected.alert", incident.DetectionSource);
        }

        // Alerts open incidents of their own, so an incident with a first alert was detected by monitoring.
        return T("detected.first-alert", AlertText.Name(first), Time(first.StartsAt, options.Zone), first.Source);
    }

    /// <summary>The first alert's links (its source, its runbook), for References.</summary>
    public static IEnumerable<string> Links(Incident incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        return incident.FirstAlert is { } first ? AlertText.Links(first).Where(l => l.Title != "silence").Select(l => l.Url) : [];
    }

    private static string Time(DateTimeOffset at, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(at, zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
