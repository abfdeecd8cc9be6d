using System.Net.Http.Json;
using IncidentBot.Tests.Support;
using Microsoft.Playwright;

namespace IncidentBot.Tests.WarRoom;

/// <summary>The app's other pages as a responder uses them: the incident list, the metrics, the runbooks.</summary>
public sealed class AppPagesTests : PageTest
{
    private async Task SayAsApiAsync(string text, string user = "alice")
    {
        using var client = new HttpClient { BaseAddress = Factory.ClientOptions.BaseAddress };
        using var response = await client.PostAsJsonAsync("/api/commands", new { text, user, channel = "web" });
        response.EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task The_incident_list_filters_by_phase_severity_and_service_open_first()
    {
        await SayAsApiAsync("/incident start sev2 checkout errors");
        await SayAsApiAsync("/incident services checkout INC-0001");
        await SayAsApiAsync("/incident start sev3 search slow");
        await SayAsApiAsync("/incident services search INC-0002");
        await SayAsApiAsync("/incident start sev1 everything down");
        await SayAsApiAsync("/incident cancel INC-0003 it was a test");

        var page = await OpenAsync(path: "#/incidents");
        var rows = page.Locator("table.incidents tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(3);
        await Assertions.Expect(rows.Last).ToContainTextAsync("INC-0003");
        await Assertions.Expect(rows.First).ToContainTextAsync("INC-0002");

        await page.SelectOptionAsync("#filter-service", "checkout");
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows.First).ToContainTextAsync("checkout errors");
        await page.SelectOptionAsync("#filter-service", "");
        await page.SelectOptionAsync("#filter-severity", "SEV3");
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows.First).ToContainTextAsync("search slow");
        await page.SelectOptionAsync("#filter-severity", "");
        await page.SelectOptionAsync("#filter-phase", "cancelled");
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows.First).ToContainTextAsync("everything down");
        await ScreenshotAsync(page, "incident-list");

        await page.SelectOptionAsync("#filter-phase", "");
        await rows.First.GetByRole(AriaRole.Link, new() { Name = "INC-0002" }).ClickAsync();
        await Assertions.Expect(page.Locator("#channel-name")).ToHaveTextAsync("#inc-0002");
    }

    [Fact]
    public async Task The_metrics_page_charts_mtta_and_mttr_with_the_numbers_in_a_table()
    {
        await SayAsApiAsync("/incident start sev2 checkout errors");
        await SayAsApiAsync("/incident role commander me INC-0001");
        var page = await OpenAsync(path: "#/metrics");
        await Assertions.Expect(page.Locator("#plot-mttx canvas")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#plot-phases canvas")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#metrics-table tbody tr")).ToHaveCountAsync(12);
        // This week's row counts the one incident (its second cell); every earlier week none.
        await Assertions.Expect(page.Locator("#metrics-table tbody tr").Last.Locator("td").Nth(1)).ToHaveTextAsync("1");
        await Assertions.Expect(page.Locator("#metrics-table tbody tr").First.Locator("td").Nth(1)).ToHaveTextAsync("0");
        await page.SelectOptionAsync("#bucket", "day");
        await Assertions.Expect(page.Locator("#metrics-table tbody tr")).ToHaveCountAsync(30);
        await ScreenshotAsync(page, "metrics");
    }

    [Fact]
    public async Task A_runbook_step_shows_its_commands_in_monospace_unwrapped_with_a_copy_button()
    {
        var page = await OpenAsync(path: "#/runbooks");
        await page.GetByRole(AriaRole.Link, new() { Name = "db-connection-storm" }).First.ClickAsync();
        var code = page.Locator(".codeblock pre").First;
        await Assertions.Expect(code).ToBeVisibleAsync();
        Assert.Contains("mono", await code.EvaluateAsync<string>("e => getComputedStyle(e.querySelector('code')).fontFamily"), StringComparison.OrdinalIgnoreCase);
        Assert.Equal("pre", await code.EvaluateAsync<string>("e => getComputedStyle(e.querySelector('code')).whiteSpace"));
        Assert.DoesNotContain("/bin/", await page.Locator("#runbook").InnerTextAsync(), StringComparison.Ordinal);
        Assert.DoesNotMatch("(?i)seed 0", await page.Locator("#runbook").InnerTextAsync());

        await page.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);
        var first = await code.InnerTextAsync();
        await page.Locator(".codeblock .copy").First.ClickAsync();
        await Assertions.Expect(page.Locator(".codeblock .copy").First).ToHaveTextAsync("Copied");
        Assert.Equal(first.Trim(), (await page.EvaluateAsync<string>("navigator.clipboard.readText()")).Trim());
        await ScreenshotAsync(page, "runbook");
    }

    [Fact]
    public async Task Dark_mode_follows_the_system_and_keeps_text_readable()
    {
        var page = await OpenAsync(scheme: ColorScheme.Dark);
        await Assertions.Expect(page.Locator("#command")).ToBeVisibleAsync();
        var colours = await page.EvaluateAsync<string>("() => { const s = getComputedStyle(document.body); return s.backgroundColor + ' / ' + s.color; }");
        Assert.Equal("rgb(22, 24, 28) / rgb(228, 230, 234)", colours);
        await SayAsync(page, "/incident start sev2 checkout errors");
        await Assertions.Expect(page.Locator("#card-phase")).ToHaveTextAsync("triage");
        await ScreenshotAsync(page, "dark");
    }

    [Fact]
    public async Task At_390_px_tabs_switch_between_rooms_conversation_and_the_incident()
    {
        var page = await OpenAsync(390, 844);
        await SayAsync(page, "/incident start sev2 checkout errors");
        await Assertions.Expect(page.Locator("#channel-name")).ToHaveTextAsync("#inc-0001");
        await Assertions.Expect(page.Locator("#details")).ToBeHiddenAsync();
        await page.Locator("#tab-details").ClickAsync();
        await Assertions.Expect(page.Locator("#card-phase")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#command")).ToBeHiddenAsync();
        await ScreenshotAsync(page, "phone-incident");
        await page.Locator("#tab-rooms").ClickAsync();
        await Assertions.Expect(page.Locator("#incidents [data-channel='inc-0001']")).ToBeVisibleAsync();
        await page.Locator("#incidents [data-channel='inc-0001']").ClickAsync();
        await Assertions.Expect(page.Locator("#command")).ToBeInViewportAsync(new() { Ratio = 1 });
    }
}
