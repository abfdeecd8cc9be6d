using System.Globalization;
using System.Text.RegularExpressions;

namespace IncidentBot.Workflows.Commands;

/// <summary>
/// Reads the times people type: <c>12:22</c> (today in the bot's time zone, or yesterday when that is
/// still to come), <c>12時22分</c>, or a full ISO 8601 time such as <c>2026-01-22T12:22+09:00</c>.
/// </summary>
public static partial class CommandTime
{
    public static bool TryParse(string text, DateTimeOffset now, TimeZoneInfo zone, out DateTimeOffset time)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(zone);
        time = default;
        var clock = ClockPattern().Match(text.Normalize(System.Text.NormalizationForm.FormKC));
        if (clock.Success)
        {
            var hour = int.Parse(clock.Groups["h"].Value, CultureInfo.InvariantCulture);
            var minute = int.Parse(clock.Groups["m"].Value, CultureInfo.InvariantCulture);
            var second = clock.Groups["s"].Success ? int.Parse(clock.Groups["s"].Value, CultureInfo.InvariantCulture) : 0;
            if (hour > 23 || minute > 59 || second > 59)
            {
                return false;
            }

            var localNow = TimeZoneInfo.ConvertTime(now, zone);
            var wall = localNow.Date.Add(new TimeSpan(hour, minute, second));
            if (wall > localNow.DateTime)
            {
                wall = wall.AddDays(-1);
            }

            time = new DateTimeOffset(wall, zone.GetUtcOffset(wall));
            return true;
        }

        return FullPattern().IsMatch(text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out time);
    }

    [GeneratedRegex(@"^(?<h>\d{1,2})(?::|時)(?<m>\d{2})(?:(?::(?<s>\d{2}))|分)?$")]
    private static partial Regex ClockPattern();

    // A date and a time with an explicit offset: a backdated note must not depend on the server's zone.
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$")]
    private static partial Regex FullPattern();
}
