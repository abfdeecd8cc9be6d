using System.Net.Http.Json;
using IncidentBot.Tests.Support;
using Microsoft.Playwright;

namespace IncidentBot.Tests.WarRoom;

/// <summary>The postmortem editor on the incident page, in Debian's Chromium: write, preview, save, and see a refusal.</summary>
public sealed class PostmortemEditorPageTests : PageTest
{
    [Fact]
    public async Task A_section_written_on_the_page_is_previewed_saved_and_in_the_draft()
    {
        var baseUrl = Factory.ClientOptions.BaseAddress;
        using var api = new HttpClient { BaseAddress = baseUrl };
        (await api.PostAsJsonAsync("/api/commands", new { text = "/incident start sev2 checkout errors", user = "alice", channel = "web" })).EnsureSuccessStatusCode();

        var page = await Browser.NewPageAsync(new() { ViewportSize = new() { Width = 1400, Height = 1000 } });
        page.SetDefaultTimeout(10_000);
        await page.GotoAsync(baseUrl.ToString());
        await page.Locator("#incidents").GetByText("INC-0001").First.ClickAsync();
        await Assertions.Expect(page.Locator("#pm-state")).ToContainTextAsync("draft");

        await page.SelectOptionAsync("#pm-section", "root-cause");
        await page.FillAsync("#pm-text", "The pool limit was **20**, below peak. <script>alert(1)</script>");
        await page.ClickAsync("#pm-preview-button");
        await Assertions.Expect(page.Locator("#pm-preview strong")).ToHaveTextAsync("20");
        await Assertions.Expect(page.Locator("#pm-preview script")).ToHaveCountAsync(0); // people's HTML stays text

        await page.ClickAsync("#pm-editor button[type=submit]");
        await Assertions.Expect(page.Locator("#pm-status")).ToContainTextAsync("wrote the postmortem's root-cause");
        var draft = await api.GetStringAsync(new Uri("/api/incidents/INC-0001/postmortem?format=md", UriKind.Relative));
        Assert.Contains("The pool limit was **20**, below peak.", draft, StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("#timeline")).ToContainTextAsync("Postmortem root-cause written");

        // Switching sections shows what is saved there; an empty save is refused, visibly.
        await page.SelectOptionAsync("#pm-section", "trigger");
        await Assertions.Expect(page.Locator("#pm-text")).ToHaveValueAsync("");
        await page.SelectOptionAsync("#pm-section", "root-cause");
        await Assertions.Expect(page.Locator("#pm-text")).ToHaveValueAsync("The pool limit was **20**, below peak. <script>alert(1)</script>");
        await page.SelectOptionAsync("#pm-section", "lucky");
        await page.ClickAsync("#pm-editor button[type=submit]");
        await Assertions.Expect(page.Locator("#pm-status.refused")).ToContainTextAsync("n/a <reason>");
    }
}
