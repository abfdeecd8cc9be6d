using IncidentBot.Tests.Support;
using Microsoft.Playwright;

namespace IncidentBot.Tests.WarRoom;

/// <summary>With Bot__Locale=ja the page speaks Japanese too, not only the bot's replies, and lays it out as Japanese.</summary>
public sealed class JapanesePageTests() : PageTest(("Bot:Locale", "ja"))
{
    [Fact]
    public async Task The_page_labels_dates_and_layout_are_japanese()
    {
        var page = await OpenAsync();
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "ja");
        await Assertions.Expect(page.Locator("header .pages")).ToContainTextAsync("ウォールーム");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "送信" })).ToBeVisibleAsync();

        await SayAsync(page, "/incident start sev2 決済の接続エラーが続いている");
        await Assertions.Expect(page.Locator("#card-phase")).ToHaveTextAsync("トリアージ");
        var card = page.Locator("#card");
        await Assertions.Expect(card).ToContainTextAsync("インシデントコマンダー");
        await Assertions.Expect(card).ToContainTextAsync("未定");
        await Assertions.Expect(page.Locator("#details")).ToContainTextAsync("作業ボード");
        await Assertions.Expect(page.Locator("#details")).ToContainTextAsync("タイムライン");
        // Dates one way, in the bot's zone (the tests' Asia/Tokyo), as the bot writes them.
        await Assertions.Expect(card).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"\d{4}-\d{2}-\d{2} \d{2}:\d{2} · @alice"));

        // Phrases wrap as phrases, and the labels left in English are only names (IDs, SEV, commands).
        Assert.Equal("strict", await page.EvaluateAsync<string>("getComputedStyle(document.body).lineBreak"));
        var labels = await page.Locator("#details h3, #details dt, .tabs, header .pages").AllInnerTextsAsync();
        Assert.All(labels, label => Assert.DoesNotMatch("(?i)\\b(commander|timeline|work board|runbooks|checks|postmortem|incidents)\\b", label));
        await ScreenshotAsync(page, "japanese");
    }
}
