using System.Net.Http.Headers;
using System.Text;
using IncidentBot.Tests.Alerts;
using IncidentBot.Tests.Support;
using Microsoft.Playwright;

namespace IncidentBot.Tests.WarRoom;

/// <summary>What an alert says is on the incident's card in the browser, with links that go where they say.</summary>
public sealed class AlertPageTests() : PageTest(("Alerts:Token", "page-token"))
{
    [Fact]
    public async Task The_card_shows_the_alerts_words_labels_and_a_silence_link()
    {
        var baseUrl = Factory.ClientOptions.BaseAddress;
        using (var alertmanager = new HttpClient { BaseAddress = baseUrl })
        using (var post = new HttpRequestMessage(HttpMethod.Post, "/alerts/alertmanager")
        {
            Content = new StringContent(File.ReadAllText(Path.Combine(AlertPayloadTests.Fixtures, "alertmanager_v4.json")), Encoding.UTF8, "application/json"),
        })
        {
            post.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "page-token");
            using var response = await alertmanager.SendAsync(post);
            response.EnsureSuccessStatusCode();
        }

        var page = await Browser.NewPageAsync();
        page.SetDefaultTimeout(10_000);
        await page.GotoAsync(baseUrl.ToString());
        await page.Locator("#incidents").GetByText("INC-0001").ClickAsync();

        var card = page.Locator("#card");
        await Assertions.Expect(card).ToContainTextAsync("HighErrorRate (api-1:8080): 5xx ratio is 7.2% over the last 5m");
        await Assertions.Expect(card).ToContainTextAsync("instance=api-1:8080, job=api, severity=critical");
        await Assertions.Expect(card).ToContainTextAsync("1 firing · 1 resolved");
        var silence = card.GetByRole(AriaRole.Link, new() { Name = "silence" });
        Assert.StartsWith("http://alertmanager:9093/#/silences/new?filter=%7Balertname%3D%22HighErrorRate%22", await silence.GetAttributeAsync("href"), StringComparison.Ordinal);
        Assert.Equal("https://runbooks.example.com/high-error-rate", await card.GetByRole(AriaRole.Link, new() { Name = "runbook" }).GetAttributeAsync("href"));
    }
}
