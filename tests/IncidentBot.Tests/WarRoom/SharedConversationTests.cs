using System.Net.Http.Json;
using IncidentBot.Tests.Support;
using Microsoft.Playwright;

namespace IncidentBot.Tests.WarRoom;

/// <summary>The conversation is the server's, per room: a second browser sees it live, a reload keeps it.</summary>
public sealed class SharedConversationTests : PageTest
{
    [Fact]
    public async Task A_second_browser_sees_the_first_ones_commands_and_replies_live_and_a_reload_keeps_them()
    {
        var alice = await OpenAsync();
        await SayAsync(alice, "/incident start sev2 payments failing");
        await Assertions.Expect(alice.Locator("#channel-name")).ToHaveTextAsync("#inc-0001");

        // Bob (his own browser, his own name) opens the same room after the start: the start is there.
        var bob = await OpenAsync(path: "#/incidents/INC-0001");
        await bob.FillAsync("#user", "bob");
        await bob.PressAsync("#user", "Tab");
        await Assertions.Expect(bob.Locator("#messages")).ToContainTextAsync("/incident start sev2 payments failing");
        await Assertions.Expect(bob.Locator("#messages")).ToContainTextAsync("@alice opened INC-0001");

        // Alice keeps typing; Bob's page shows each command without a reload (a note's "Noted" is for Alice alone).
        await SayAsync(alice, "/incident note the payment gateway answers 502");
        await Assertions.Expect(bob.Locator("#messages li").Last).ToContainTextAsync("the payment gateway answers 502");
        await Assertions.Expect(bob.Locator("#messages li").Last).ToContainTextAsync("The bot answered @alice privately.");
        await Assertions.Expect(alice.Locator("#messages li").Last.Locator(".reply")).ToContainTextAsync("Noted");

        // Bob answers; Alice sees it, with who said it.
        await SayAsync(bob, "/incident role commander me");
        await Assertions.Expect(alice.Locator("#messages li").Last).ToContainTextAsync("@bob");
        await Assertions.Expect(alice.Locator("#card")).ToContainTextAsync("@bob");

        // A refusal is Bob's alone: Alice's page never shows it.
        await SayAsync(bob, "/incident sev9");
        await Assertions.Expect(bob.Locator("#messages li").Last.Locator(".reply.refused")).ToBeVisibleAsync();
        await Assertions.Expect(bob.Locator("#messages li").Last).ToContainTextAsync("Only you can see this");

        // A script's command about the incident lands in its room too.
        using (var script = new HttpClient { BaseAddress = Factory.ClientOptions.BaseAddress })
        using (var response = await script.PostAsJsonAsync("/api/commands", new { text = "/incident note from the deploy script INC-0001", user = "deploybot", channel = "script" }))
        {
            response.EnsureSuccessStatusCode();
        }

        await Assertions.Expect(alice.Locator("#messages li").Last).ToContainTextAsync("from the deploy script");
        await ScreenshotAsync(alice, "shared-conversation-alice");

        await alice.ReloadAsync();
        var kept = alice.Locator("#messages li");
        await Assertions.Expect(kept.Last).ToContainTextAsync("from the deploy script");
        await Assertions.Expect(kept).ToHaveCountAsync(4);
        await Assertions.Expect(alice.Locator("#messages")).Not.ToContainTextAsync("sev9");
        await Assertions.Expect(alice.Locator("#messages")).ToContainTextAsync("/incident start sev2 payments failing");
    }
}
