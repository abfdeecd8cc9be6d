using Microsoft.Playwright;

namespace IncidentBot.Tests.Support;

/// <summary>Debian's Chromium under Playwright, headless, for the browser tests; never a downloaded browser.</summary>
internal static class Chromium
{
    private const string Executable = "/usr/bin/chromium";

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        Assert.True(File.Exists(Executable), $"The browser tests need Debian's Chromium at {Executable}: apt-get install -y chromium (.ci/run does this).");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Executable,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        return (playwright, browser);
    }
}
