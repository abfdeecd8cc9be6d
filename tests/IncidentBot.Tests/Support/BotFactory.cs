using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace IncidentBot.Tests.Support;

/// <summary>The real host over a real SQLite file of this test's own.</summary>
public sealed class BotFactory : WebApplicationFactory<Program>
{
    private readonly TempDatabase _database = new();
    private readonly Dictionary<string, string?> _settings;

    public BotFactory(params (string Key, string? Value)[] settings)
    {
        _settings = settings.ToDictionary(s => s.Key, s => s.Value);
        _settings.TryAdd("Storage:Sqlite:Path", _database.Path);
        _settings.TryAdd("Bot:TimeZone", "Asia/Tokyo");
    }

    public string DatabasePath => _settings["Storage:Sqlite:Path"]!;

    /// <summary>Services the test adds to the bot's own (a fake second chat platform, say).</summary>
    public Action<IServiceCollection>? TestServices { get; init; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        if (TestServices is { } services)
        {
            builder.ConfigureTestServices(services);
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _database.Dispose();
        }
    }
}
