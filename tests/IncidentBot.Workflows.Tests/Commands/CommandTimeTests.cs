using IncidentBot.Workflows.Commands;

namespace IncidentBot.Workflows.Tests.Commands;

public class CommandTimeTests
{
    private static readonly TimeZoneInfo Tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");
    private static readonly DateTimeOffset Now = new(2026, 1, 22, 13, 0, 0, TimeSpan.FromHours(9));

    [Theory]
    [InlineData("12:22", "2026-01-22T12:22:00+09:00")]
    [InlineData("9:05", "2026-01-22T09:05:00+09:00")]
    [InlineData("12:22:30", "2026-01-22T12:22:30+09:00")]
    [InlineData("12時22分", "2026-01-22T12:22:00+09:00")]
    [InlineData("１２：２２", "2026-01-22T12:22:00+09:00")]
    [InlineData("23:50", "2026-01-21T23:50:00+09:00")]
    [InlineData("2026-01-22T12:22+09:00", "2026-01-22T12:22:00+09:00")]
    [InlineData("2026-01-22T03:22:00Z", "2026-01-22T12:22:00+09:00")]
    public void Times_AreReadInTheBotsZone(string text, string expected)
    {
        Assert.True(CommandTime.TryParse(text, Now, Tokyo, out var time));
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), time);
    }

    [Theory]
    [InlineData("25:00")]
    [InlineData("12:60")]
    [InlineData("noon")]
    [InlineData("2026-01-22 12:22")]
    [InlineData("2026-01-22T12:22")]
    public void NonTimes_AreRejected(string text) =>
        Assert.False(CommandTime.TryParse(text, Now, Tokyo, out _));
}
