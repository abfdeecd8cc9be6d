using System.Net.Http.Json;
using IncidentBot.Tests.Support;
using Microsoft.Playwright;

namespace IncidentBot.Tests.WarRoom;

/// <summary>The local war room page in Debian's Chromium, driven by Playwright against the real app on loopback.</summary>
public sealed class WarRoomPageTests : PageTest
{
    [Fact]
    public async Task TypedCommands_DriveTheIncident_AndOtherPeoplesChangesAppearWithoutReload()
    {
        var baseUrl = Factory.ClientOptions.BaseAddress;
        var page = await Browser.NewPageAsync();
        page.SetDefaultTimeout(10_000);
        await page.GotoAsync(baseUrl.ToString());

        await Say(page, "/incident start sev2 db connections failing");
        await Assertions.Expect(page.Locator("#card-phase")).ToHaveTextAsync("triage");
        await Assertions.Expect(page.Locator("#runbooks")).ToContainTextAsync("proposed: db-connection-storm");
        await Assertions.Expect(page.Locator("#channel-name")).ToHaveTextAsync("#inc-0001");

        await Say(page, "/incident recover");
        await Assertions.Expect(page.Locator(".reply.refused").Last).ToContainTextAsync("/incident role commander me");

        // An older reply's buttons are shown stale (the incident has moved on); the card's are current.
        await Assertions.Expect(page.Locator("#messages li").First.GetByRole(AriaRole.Button, new() { Name = "I'll take commander" })).ToBeDisabledAsync();
        await page.Locator("#card").GetByRole(AriaRole.Button, new() { Name = "I'll take commander" }).ClickAsync();
        await Assertions.Expect(page.Locator("#card")).ToContainTextAsync("@alice");
        await Say(page, "/incident recover");
        await Assertions.Expect(page.Locator("#card-phase")).ToHaveTextAsync("recovering");

        // Bob works from a script; the page learns of it from the change stream, not a reload.
        using var bob = new HttpClient { BaseAddress = baseUrl };
        using var response = await bob.PostAsJsonAsync("/api/commands", new { text = "/incident claim check RDS ConnectionAttempts INC-0001", user = "bob", channel = "script" });
        response.EnsureSuccessStatusCode();
        await Assertions.Expect(page.Locator("#board")).ToContainTextAsync("check RDS ConnectionAttempts — @bob");
        await Assertions.Expect(page.Locator("#timeline")).ToContainTextAsync("Claimed #1: check RDS ConnectionAttempts");

        await Say(page, "/incident claim check rds connection attempts");
        await Assertions.Expect(page.Locator(".reply.refused").Last).ToContainTextAsync("@bob has been doing this");

        // The proposed runbook is one click away, and its step's Done button moves it on.
        await page.Locator("#runbooks").GetByRole(AriaRole.Button, new() { Name = "Run db-connection-storm" }).ClickAsync();
        await Assertions.Expect(page.Locator("#runbooks")).ToContainTextAsync("step 1/7");
        await page.Locator(".reply").Last.GetByRole(AriaRole.Button, new() { Name = "Done", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#runbooks")).ToContainTextAsync("step 2/7");
        await Assertions.Expect(page.Locator("#timeline")).ToContainTextAsync("Runbook db-connection-storm step 1: done");
        await Assertions.Expect(page.Locator("#runbooks .codeblock").First).ToBeVisibleAsync();
        // The step's commands in the room's reply too: monospace, one line per line (scrolled, never wrapped), copyable.
        var command = page.Locator(".reply").Last.Locator(".codeblock code").First;
        await Assertions.Expect(command).ToContainTextAsync("aws cloudwatch get-metric-statistics");
        Assert.Equal("pre", await command.EvaluateAsync<string>("e => getComputedStyle(e).whiteSpace"));
        Assert.Contains("mono", await command.EvaluateAsync<string>("e => getComputedStyle(e).fontFamily"), StringComparison.OrdinalIgnoreCase);
        await Assertions.Expect(page.Locator(".reply").Last.GetByRole(AriaRole.Button, new() { Name = "Copy", Exact = true }).First).ToBeVisibleAsync();
        await ScreenshotAsync(page, "war-room");
    }

    private static async Task Say(IPage page, string command)
    {
        await page.FillAsync("#command", command);
        await page.PressAsync("#command", "Enter");
    }
}
