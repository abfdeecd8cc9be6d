using IncidentBot.Tests.Aws;
using IncidentBot.Tests.Support;
using Microsoft.Playwright;

namespace IncidentBot.Tests.WarRoom;

/// <summary>The incident page shows each verification check's state and a chart of what CloudWatch returned.</summary>
public sealed class VerificationPageTests : IAsyncLifetime
{
    private FakeCloudWatch _aws = null!;
    private BotFactory _factory = null!;
    private Chromium? _chromium;

    public async Task InitializeAsync()
    {
        _aws = await FakeCloudWatch.StartAsync();
        _factory = new BotFactory(("AWS:Region", FakeCloudWatch.Region), ("AWS:ServiceUrl", _aws.ServiceUrl.ToString()), ("Verification:IntervalSeconds", "1"));
        _factory.UseKestrel(0);
        _factory.StartServer();
        _chromium = await Chromium.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        if (_chromium is not null)
        {
            await _chromium.DisposeAsync();
        }

        _factory.Dispose();
        await _aws.DisposeAsync();
    }

    [Fact]
    public async Task A_failing_check_shows_its_reason_and_a_chart_with_the_threshold()
    {
        _aws.Metrics["CPUUtilization"] = at => at.Minute % 3 == 0 ? 88 : 40;
        var page = await _chromium!.Browser.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        await page.GotoAsync(_factory.ClientOptions.BaseAddress.ToString());

        // One at a time: the page sends each command as it is typed, and these depend on each other.
        await page.FillAsync("#command", "/incident start sev2 db cpu pinned");
        await page.PressAsync("#command", "Enter");
        await Assertions.Expect(page.Locator("#channel-name")).ToHaveTextAsync("#inc-0001");
        // The new room shows the start's reply once the bot has kept the exchange (just after it answered).
        await Assertions.Expect(page.Locator(".reply")).ToHaveCountAsync(1);
        foreach (var command in new[]
        {
            "/incident check add AWS/RDS CPUUtilization DBInstanceIdentifier=prod-db < 70 for 10m",
            "/incident role commander me",
            "/incident recover",
            "/incident mitigated killed the runaway report query",
        })
        {
            var replies = await page.Locator(".reply").CountAsync();
            await page.FillAsync("#command", command);
            await page.PressAsync("#command", "Enter");
            await Assertions.Expect(page.Locator(".reply")).ToHaveCountAsync(replies + 1);
        }

        var check = page.Locator("#checks li.check");
        await Assertions.Expect(check).ToContainTextAsync("failing — CPUUtilization was 88");
        await Assertions.Expect(check.Locator("svg.chart polyline.series")).ToHaveCountAsync(1);
        await Assertions.Expect(check.Locator("svg.chart line.threshold")).ToHaveCountAsync(1);
        Assert.Equal(30, (await check.Locator("svg.chart polyline").GetAttributeAsync("points"))!.Split(' ').Length);
        await Assertions.Expect(page.Locator("#timeline")).ToContainTextAsync("Check #1 failing");
    }
}
