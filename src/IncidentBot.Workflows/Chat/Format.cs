using System.Globalization;
using IncidentBot.Workflows.Language;

namespace IncidentBot.Workflows.Chat;

/// <summary>How the bot writes times and durations for people.</summary>
public static class Format
{
    public static string Clock(DateTimeOffset time, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(time, zone).ToString("HH:mm", CultureInfo.InvariantCulture);

    public static string DateTime(DateTimeOffset time, TimeZoneInfo zone) =>
        string.Create(CultureInfo.InvariantCulture, $"{TimeZoneInfo.ConvertTime(time, zone):yyyy-MM-dd HH:mm:ss zzz}");

    /// <summary><c>45s</c>, <c>12m</c>, <c>1h 5m</c>, <c>2d 3h</c>; in Japanese 「45 秒」「12 分」「1 時間 5 分」「2 日 3 時間」.</summary>
    public static string Duration(TimeSpan span)
    {
        if (span < TimeSpan.Zero)
        {
            span = TimeSpan.Zero;
        }

        if (span.TotalMinutes < 1)
        {
            var seconds = (int)span.TotalSeconds;
            return Say.T(Invariant($"{seconds}s"), Invariant($"{seconds} 秒"));
        }

        if (span.TotalHours < 1)
        {
            var minutes = (int)span.TotalMinutes;
            return Say.T(Invariant($"{minutes}m"), Invariant($"{minutes} 分"));
        }

        var (hours, days) = ((int)span.TotalHours, (int)span.TotalDays);
        return span.TotalDays < 1
            ? Say.T(Invariant($"{hours}h {span.Minutes}m"), Invariant($"{hours} 時間 {span.Minutes} 分"))
            : Say.T(Invariant($"{days}d {span.Hours}h"), Invariant($"{days} 日 {span.Hours} 時間"));
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
