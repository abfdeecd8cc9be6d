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
        await AssertInViewAsync(page, "#command");
        await AssertInViewAsync(page, "#messages li >> nth=-1");
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollHeight <= window.innerHeight + 1"), "the page grew past the window instead of the conversation scrolling");
    }

    [Fact]
    public async Task A_start_is_answered_in_the_new_room_the_page_moves_to_and_a_start_in_a_room_is_not_filed_there()
    {
        var page = await OpenAsync(1400, 1000);
        await SayAsync(page, "/incident start sev2 db connections failing");
        await Assertions.Expect(page.Locator("#channel-name")).ToHaveTextAsync("#inc-0001");
        await Assertions.Expect(page.Locator("#messages")).ToContainTextAsync("/incident start sev2 db connections failing");
        await Assertions.Expect(page.Locator("#messages li").Last).ToContainTextAsync("INC-0001");
        await AssertInViewAsync(page, "#messages li >> nth=-1");

        // Typed inside INC-0001's room, the next start is answered in INC-0002's room, not filed in this one.
        await SayAsync(page, "/incident start sev3 search is slow");
        await Assertions.Expect(page.Locator("#channel-name")).ToHaveTextAsync("#inc-0002");
        await Assertions.Expect(page.Locator("#messages li").Last).ToContainTextAsync("INC-0002");
        // Both rooms listed first: a click while the list is still redrawing could land on the row that moved there.
        await Assertions.Expect(page.Locator("#incidents [data-channel]")).ToHaveCountAsync(2);
        await page.Locator("#incidents [data-channel='inc-0001']").ClickAsync();
        await Assertions.Expect(page.Locator("#messages")).Not.ToContainTextAsync("search is slow");
    }

    [Fact]
    public async Task On_a_390_px_phone_the_input_is_visible_and_works()
    {
        var page = await OpenAsync(390, 844);
        await AssertInViewAsync(page, "#command");
        Assert.True((await page.Locator("#command").BoundingBoxAsync())!.Width > 200, "the input is too narrow to type in");

        await SayAsync(page, "/incident start sev2 checkout errors");
        await Assertions.Expect(page.Locator("#card-phase")).ToHaveTextAsync("triage");
        await SayAsync(page, "/incident note typed on the phone");
        await Assertions.Expect(page.Locator("#messages li").Last).ToContainTextAsync("Noted");
        await AssertInViewAsync(page, "#messages li >> nth=-1");
        await AssertInViewAsync(page, "#command");
    }

    /// <summary>Wholly inside the window (Playwright retries while the page settles).</summary>
    private static Task AssertInViewAsync(IPage page, string selector) =>
        Assertions.Expect(page.Locator(selector)).ToBeInViewportAsync(new() { Ratio = 1 });
}
