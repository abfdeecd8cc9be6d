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
        // What someone stated comes first; the first alert is a fact beside it. Nothing else is assumed.
        var stated = incident.DetectionStated ? T("detected.stated", T("source." + incident.DetectedBy), incident.DetectedHow ?? "—") : null;
        var alert = incident.FirstAlert is { } first ? T("detected.first-alert", AlertText.Name(first), Time(first.StartsAt, options.Zone), first.Source)
            : incident.DetectedBy is not null && !incident.DetectionStated ? T("detected.alert", incident.DetectionSource)
            : null;
        return stated is null ? alert : alert is null ? stated : stated + (options.Locale == "ja" ? "" : " ") + alert;
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
