using IncidentBot.Workflows.Incidents;

namespace IncidentBot.Storage;

public static class StorageServices
{
    /// <summary>The event store named by <c>Storage:Provider</c>; SQLite at <c>data/incidentbot.db</c> unless configured.</summary>
    public static WebApplicationBuilder AddIncidentStore(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var provider = builder.Configuration["Storage:Provider"] ?? "Sqlite";
        if (!provider.Equals("Sqlite", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(
                $"Storage:Provider '{provider}' is not available in this build; use Sqlite (the default).");
        }

        var path = builder.Configuration["Storage:Sqlite:Path"] ?? "data/incidentbot.db";
        builder.Services.AddSingleton(new SqliteIncidentStore(path));
        builder.Services.AddSingleton<IIncidentStore>(sp => sp.GetRequiredService<SqliteIncidentStore>());
        builder.Services.AddSingleton<Workflows.Outbox.IOutboxStore>(sp => sp.GetRequiredService<SqliteIncidentStore>());
        builder.Services.AddSingleton<Workflows.People.IPeopleStore>(sp => sp.GetRequiredService<SqliteIncidentStore>());
        builder.Services.AddSingleton<Workflows.Alerts.IHeartbeatStore>(sp => sp.GetRequiredService<SqliteIncidentStore>());
        builder.Services.AddSingleton<Workflows.Chat.IPlacesStore>(sp => sp.GetRequiredService<SqliteIncidentStore>());
        return builder;
    }

    /// <summary>Creates or upgrades the database before the first request is served.</summary>
    public static async Task InitializeStoreAsync(this WebApplication app, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(app);
        var store = app.Services.GetRequiredService<SqliteIncidentStore>();
        await store.InitializeAsync(cancellationToken);
        app.Logger.LogInformation("Event store: SQLite at {Path}", store.Path);
    }
}
