using IncidentBot.Workflows.Alerts;
using IncidentBot.Workflows.Language;

namespace IncidentBot.Workflows.Chat;

/// <summary>How an alert reads wherever people look at it: the card, the alert summary, the timeline, the postmortem.</summary>
public static class AlertText
{
    /// <summary>Where the alert is: its instance, service or job, or the alarm's dimensions.</summary>
    public static string? Where(Alert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        return alert.Label("instance") ?? alert.Label("service") ?? alert.Label("job")
            ?? (alert.Metric is { } m && m.Dimensions.Count > 0 ? string.Join(",", m.Dimensions.Select(d => $"{d.Key}={d.Value}")) : null);
    }

    /// <summary><c>HighErrorRate (api-1:8080)</c>.</summary>
    public static string Name(Alert alert) => Where(alert) is { } where ? $"{alert.Name} ({where})" : alert.Name;

    /// <summary>One line: 🔥 or ✅, the name and place, since when, and its summary or description.</summary>
    public static string Line(Alert alert, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var name = Name(alert);
        var since = Format.Clock(alert.StartsAt, zone);
        var state = alert.Status == AlertStatus.Firing ? Say.T($"🔥 {name} since {since}", $"🔥 {name}（{since} から発火中）") : Say.T($"✅ {name} resolved", $"✅ {name} 解決済み");
        return (alert.Annotation("description") ?? alert.Annotation("summary")) is { } said ? Say.T($"{state}: {TextCut.Cut(said, 200)}", $"{state}：{TextCut.Cut(said, 200)}") : state;
    }

    /// <summary>
    /// The alert's links with what each is: its source (a graph, a panel), its runbook, and how to silence it.
    /// The titles are keys (<c>source</c>, <c>dashboard</c>, <c>runbook</c>, <c>silence</c>); <see cref="ChatLinks"/> shows them in the bot's language.
    /// </summary>
    public static IReadOnlyList<(string Title, string Url)> Links(Alert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var links = new List<(string, string)>();
        if (alert.Links.Count > 0)
        {
            links.Add(("source", alert.Links[0]));
        }

        links.AddRange(alert.Links.Skip(1).Select(l => ("dashboard", l)));
        if (alert.Annotation("runbook_url") is { } runbook && ChatLink.IsWeb(runbook))
        {
            links.Add(("runbook", runbook));
        }

        if (alert.SilenceUrl is { } silence && ChatLink.IsWeb(silence))
        {
            links.Add(("silence", silence));
        }

        return links;
    }

    /// <summary>The alert's links for a message: <c>HighErrorRate: silence</c> and so on.</summary>
    public static IEnumerable<ChatLink> ChatLinks(Alert alert) =>
        Links(alert).Where(l => ChatLink.IsWeb(l.Url)).Select(l => new ChatLink($"{alert.Name}: {LinkTitle(l.Title)}", l.Url));

    private static string LinkTitle(string key) => key switch
    {
        "source" => Say.T(key, "発生元"),
        "dashboard" => Say.T(key, "ダッシュボード"),
        "runbook" => Say.T(key, "Runbook"),
        "silence" => Say.T(key, "サイレンス"),
        _ => key,
    };

    /// <summary>The labels other than the name, <c>job=api, severity=critical</c>.</summary>
    public static string Labels(Alert alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        return string.Join(", ", alert.Labels.Where(l => l.Key != "alertname").OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"));
    }
}
