using System.Globalization;
using IncidentBot.Workflows.Chat;
using IncidentBot.Workflows.Incidents;

namespace IncidentBot.Workflows.Postmortems;

/// <summary>
/// The draft's Detection section from what the bot knows: which alert fired first and when, or how
/// someone said it was detected. Nothing is guessed: unstated, the section asks.
/// </summary>
public static class PostmortemDetection
{
    public static string? Text(Incident incident, PostmortemOptions options)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(options);
        string T(string key, params object[] args) => PostmortemText.T(options.Locale, key, args);
        if (incident.FirstAlert is not { } first)
        {
            // Only what someone stated: an incident opened by a command says nothing about who noticed first.
            return incident.DetectedBy is not { } by ? null
                : incident.DetectionSource != "person" && incident.DetectedHow is null ? T("detected.alert", incident.DetectionSource)
                : T("detected.stated", T("source." + by), incident.DetectedHow ?? "—");
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
