using Microsoft.Playwright;

namespace IncidentBot.Tests.Support;

/// <summary>A page test's world: the real app on a loopback port and Debian's Chromium, for one test class.</summary>
public abstract class PageTest(params (string Key, string? Value)[] settings) : IAsyncLifetime
{
    private Chromium? _chromium;

    protected BotFactory Factory { get; } = new(settings);

    protected IBrowser Browser => (_chromium ?? throw new InvalidOperationException("The browser starts in InitializeAsync.")).Browser;

    /// <summary>Where page tests keep their screenshots: <c>artefacts/screenshots</c> beside the test binaries.</summary>
    public static string Artefacts { get; } = Path.Combine(AppContext.BaseDirectory, "artefacts", "screenshots");

    /// <summary>A new browser context (its own storage, as a second person's browser) showing <paramref name="path"/>.</summary>
    protected async Task<IPage> OpenAsync(int width = 1400, int height = 1000, string path = "", ColorScheme scheme = ColorScheme.Light)
    {
        var context = await Browser.NewContextAsync(new() { ViewportSize = new() { Width = width, Height = height }, ColorScheme = scheme });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(10_000);
        await page.GotoAsync(new Uri(Factory.ClientOptions.BaseAddress, path).ToString());
        return page;
    }

    /// <summary>Types <paramref name="command"/> into the page's box and sends it.</summary>
    protected static async Task SayAsync(IPage page, string command)
    {
        await page.FillAsync("#command", command);
        await page.PressAsync("#command", "Enter");
    }

    /// <summary>Keeps what the page shows as <c>artefacts/screenshots/{name}.png</c>.</summary>
    protected static async Task ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(Artefacts);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Artefacts, name + ".png") });
    }

    public async Task InitializeAsync()
    {
        Factory.UseKestrel(0);
        Factory.StartServer();
        _chromium = await Chromium.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        if (_chromium is not null)
        {
            await _chromium.DisposeAsync();
        }

        Factory.Dispose();
    }
}
