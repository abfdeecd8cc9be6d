using IncidentBot.Workflows.Chat;

namespace IncidentBot.Workflows.Tests.Capture;

public sealed class TextCutTests
{
    [Theory]
    [InlineData("short", 10, "short")]
    [InlineData("abcdefghij", 5, "abcd…")]
    [InlineData("ab🔥cd", 4, "ab…")] // the cut would fall inside 🔥 (two UTF-16 units)
    [InlineData("ab👩‍🚒cd", 7, "ab…")] // a ZWJ sequence is one character to people
    [InlineData("e\u0301e\u0301", 3, "e\u0301…")] // e and a combining accent are one character
    public void Text_is_cut_between_characters_with_an_ellipsis(string text, int max, string expected)
    {
        var cut = TextCut.Cut(text, max);
        Assert.Equal(expected, cut);
        Assert.True(cut.Length <= max);
    }
}
