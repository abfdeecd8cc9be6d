using IncidentBot.Tests.Support;
using Microsoft.Playwright;

namespace IncidentBot.Tests.WarRoom;

/// <summary>
/// What a responder sees of the conversation, in Debian's Chromium: after forty commands the newest
/// reply and the input are still on screen (the conversation scrolls in its own pane, the page does
/// not grow), and on a 390 px phone the input is there and works.
/// </summary>
public sealed class ConversationLayoutTests : PageTest
{
    [Fact]
    public async Task After_forty_commands_the_newest_reply_and_the_input_are_in_view()
    {
        var page = await OpenAsync(1400, 1000);
        await SayAsync(page, "/incident start sev2 db connections failing");
        await Assertions.Expect(page.Locator("#channel-name")).ToHaveTextAsync("#inc-0001");
        for (var i = 1; i <= 40; i++)
        {
            await SayAsync(page, $"/incident note reading number {i}");
            await Assertions.Expect(page.Locator("#messages")).ToContainTextAsync($"reading number {i}");
        }

        await Assertions.Expect(page.Locator("#messages li").Last).ToContainTextAsync("Noted");
        await AssertInViewAsync(page, "#command", 1000);
        await AssertInViewAsync(page, "#messages li >> nth=-1", 1000);
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollHeight <= window.innerHeight + 1"), "the page grew past the window instead of the conversation scrolling");
    }

    [Fact]
    public async Task On_a_390_px_phone_the_input_is_visible_and_works()
    {
        var page = await OpenAsync(390, 844);
        await AssertInViewAsync(page, "#command", 844);
        Assert.True((await page.Locator("#command").BoundingBoxAsync())!.Width > 200, "the input is too narrow to type in");

        await SayAsync(page, "/incident start sev2 checkout errors");
        await Assertions.Expect(page.Locator("#card-phase")).ToHaveTextAsync("triage");
        await SayAsync(page, "/incident note typed on the phone");
        await Assertions.Expect(page.Locator("#messages li").Last).ToContainTextAsync("Noted");
        await AssertInViewAsync(page, "#messages li >> nth=-1", 844);
        await AssertInViewAsync(page, "#command", 844);
    }

    private async Task<IPage> OpenAsync(int width, int height)
    {
        var page = await Browser.NewPageAsync(new() { ViewportSize = new() { Width = width, Height = height } });
        page.SetDefaultTimeout(10_000);
        await page.GotoAsync(Factory.ClientOptions.BaseAddress.ToString());
        return page;
    }

    private static async Task SayAsync(IPage page, string command)
    {
        await page.FillAsync("#command", command);
        await page.PressAsync("#command", "Enter");
    }

    private static async Task AssertInViewAsync(IPage page, string selector, int height)
    {
        var box = await page.Locator(selector).BoundingBoxAsync();
        Assert.True(box is not null && box.Y >= 0 && box.Y + box.Height <= height + 1, $"{selector} is not in the window: {(box is null ? "hidden" : $"top {box.Y:0}, bottom {box.Y + box.Height:0} of {height}")}");
    }
}
