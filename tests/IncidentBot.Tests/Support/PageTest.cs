using Microsoft.Playwright;

namespace IncidentBot.Tests.Support;

/// <summary>A page test's world: the real app on a loopback port and Debian's Chromium, for one test class.</summary>
public abstract class PageTest(params (string Key, string? Value)[] settings) : IAsyncLifetime
{
    private Chromium? _chromium;

    protected BotFactory Factory { get; } = new(settings);

    protected IBrowser Browser => (_chromium ?? throw new InvalidOperationException("The browser starts in InitializeAsync.")).Browser;

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
