using IncidentBot.Storage.Postgres;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;
using IncidentBot.Workflows.Incidents;
using Npgsql;

namespace IncidentBot.Storage;

public static class StorageServices
{
    /// <summary>The event store named by <c>Storage:Provider</c>: SQLite at <c>data/incidentbot.db</c> unless configured, or a shared PostgreSQL for several replicas.</summary>
    public static WebApplicationBuilder AddIncidentStore(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var provider = builder.Configuration["Storage:Provider"] ?? "Sqlite";
        var retention = builder.Configuration.GetValue("Storage:DeliveryRetentionHours", 48.0);
        if (retention < 1)
        {
            throw new InvalidOperationException("Storage:DeliveryRetentionHours is 1 or more: platforms retry a delivery within minutes, and the bot must still know it then.");
        }

        builder.Services.AddHostedService(sp => new DeliveryPruner(sp.GetRequiredService<IIncidentStore>(), sp.GetRequiredService<TimeProvider>(), TimeSpan.FromHours(retention), sp.GetRequiredService<ILogger<DeliveryPruner>>()));
        builder.Services.AddSingleton<StoreHealth>();
        if (provider.Equals("Postgres", StringComparison.OrdinalIgnoreCase))
        {
            AddPostgres(builder);
            return builder;
        }

        if (!provider.Equals("Sqlite", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"Storage:Provider '{provider}' is not known: use Sqlite (the default, one process) or Postgres (several replicas on one PostgreSQL).");
        }

        var path = builder.Configuration["Storage:Sqlite:Path"] ?? "data/incidentbot.db";
        var busy = builder.Configuration.GetValue("Storage:Sqlite:BusyTimeoutSeconds", SqliteIncidentStore.DefaultBusyTimeoutSeconds);
        if (busy < 1)
        {
            throw new InvalidOperationException("Storage:Sqlite:BusyTimeoutSeconds is 1 or more: how long a write waits for a lock another process holds.");
        }

        builder.Services.AddSingleton(sp => new SqliteIncidentStore(path, sp.GetRequiredService<StoreHealth>(), busy));
        AddInterfaces<SqliteIncidentStore>(builder.Services);
        return builder;
    }

    private static void AddPostgres(WebApplicationBuilder builder)
    {
        var connection = PostgresConnectionString(builder.Configuration)!;
        var lease = builder.Configuration.GetValue("Storage:Postgres:LeaseSeconds", ReplicaOptions.DefaultLease.TotalSeconds);
        if (lease < 2)
        {
            throw new InvalidOperationException("Storage:Postgres:LeaseSeconds is 2 or more: how long a replica's claim on a queue lasts without renewal (its renewals come every second).");
        }

        builder.Services.AddSingleton(sp => new PostgresIncidentStore(NpgsqlDataSource.Create(Tuned(connection)), ReplicaOptions.Default(TimeSpan.FromSeconds(lease), sp.GetRequiredService<TimeProvider>())));
        AddInterfaces<PostgresIncidentStore>(builder.Services);
        builder.Services.AddHostedService<PostgresChangeRelay>();

        // The sign-in cookie's keys, shared: a cookie issued by one replica is read by the others.
        builder.Services.AddDataProtection().SetApplicationName("IncidentBot");
        builder.Services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp =>
            new ConfigureOptions<KeyManagementOptions>(options => options.XmlRepository = new PostgresKeyRepository(sp.GetRequiredService<PostgresIncidentStore>().Source)));
    }

    /// <summary>
    /// The bot's few statements run thousands of times a second: prepared once per connection, and a
    /// connection handed back to the pool is not reset (the bot's session state is transaction-scoped:
    /// its locks are transaction locks, and the one LISTEN connection is never handed back while it
    /// listens), unless the connection string sets either itself. Not for PgBouncer's transaction pooling.
    /// </summary>
    private static string Tuned(string connection)
    {
        var keys = connection.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        var settings = new NpgsqlConnectionStringBuilder(connection);
        if (!keys.Contains("AUTOPREPARE", StringComparison.Ordinal))
        {
            settings.MaxAutoPrepare = 64;
            settings.AutoPrepareMinUsages = 2;
        }

        if (!keys.Contains("RESETONCLOSE", StringComparison.Ordinal))
        {
            settings.NoResetOnClose = true;
        }

        return settings.ConnectionString;
    }

    private static void AddInterfaces<TStore>(IServiceCollection services)
        where TStore : class, IIncidentStore, Workflows.Outbox.IOutboxStore, Workflows.People.IPeopleStore, Workflows.Alerts.IHeartbeatStore, Workflows.Alerts.IAlertGroupStore, Workflows.Chat.IPlacesStore, WarRoom.IConversationStore, IReplicaLeases
    {
        services.AddSingleton<Workflows.Alerts.IAlertGroupStore>(sp => sp.GetRequiredService<TStore>());
        services.AddSingleton<IIncidentStore>(sp => sp.GetRequiredService<TStore>());
        services.AddSingleton<Workflows.Outbox.IOutboxStore>(sp => sp.GetRequiredService<TStore>());
        services.AddSingleton<Workflows.People.IPeopleStore>(sp => sp.GetRequiredService<TStore>());
        services.AddSingleton<Workflows.Alerts.IHeartbeatStore>(sp => sp.GetRequiredService<TStore>());
        services.AddSingleton<Workflows.Chat.IPlacesStore>(sp => sp.GetRequiredService<TStore>());
        services.AddSingleton<WarRoom.IConversationStore>(sp => sp.GetRequiredService<TStore>());
        services.AddSingleton<IReplicaLeases>(sp => sp.GetRequiredService<TStore>());
    }

    /// <summary>The PostgreSQL connection string when <c>Storage:Provider</c> is Postgres; null on SQLite.</summary>
    public static string? PostgresConnectionString(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (!string.Equals(configuration["Storage:Provider"], "Postgres", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return configuration.GetConnectionString("Postgres") is { Length: > 0 } connection
            ? connection
            : throw new InvalidOperationException("Storage:Provider is Postgres but ConnectionStrings:Postgres is not set: set ConnectionStrings__Postgres, e.g. Host=db;Username=incidentbot;Password=...;Database=incidentbot.");
    }

    /// <summary>
    /// Creates or upgrades the database before the first request is served. A file the bot cannot use
    /// (not a database, another program's, read-only, on a full disk) stops start-up with one line saying
    /// what and what to do; false then, and the process exits 1.
    /// </summary>
    public static async Task<bool> InitializeStoreAsync(this WebApplication app, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.Services.GetService<PostgresIncidentStore>() is { } shared)
        {
            return await InitializePostgresAsync(app, shared, cancellationToken);
        }

        var store = app.Services.GetRequiredService<SqliteIncidentStore>();
        try
        {
            await store.InitializeAsync(cancellationToken);
        }
        catch (StoreUnavailableException fault)
        {
            app.Logger.LogCritical("IncidentBot cannot open its database {Path}: {Detail}. {Advice}", fault.Where, fault.Detail.TrimEnd('.'), AtStart(fault.Fault));
            return false;
        }

        app.Logger.LogInformation("Event store: SQLite at {Path}", store.Path);
        return true;
    }

    private static async Task<bool> InitializePostgresAsync(WebApplication app, PostgresIncidentStore store, CancellationToken cancellationToken)
    {
        try
        {
            var was = await store.InitializeAsync(cancellationToken);
            app.Logger.LogInformation("Event store: {Where} (schema {From} -> {To}), this replica is {Owner}", store.Where, was, PostgresMigrations.Latest, store.Replica.Owner);
            return true;
        }
        catch (Exception ex) when (ex is StoreUnavailableException or NpgsqlException or InvalidOperationException)
        {
            app.Logger.LogCritical("IncidentBot cannot use its database {Where}: {Detail}. Check ConnectionStrings__Postgres (host, port, user, password, database) and that the server runs and lets this user create tables.", store.Where, ex.Message.TrimEnd('.'));
            return false;
        }
    }

    private static string AtStart(StoreFault fault) => fault switch
    {
        StoreFault.Damaged => "Restore a backup (`dotnet run --project src/IncidentBot -- restore <file>`) or point Storage__Sqlite__Path at IncidentBot's own file.",
        StoreFault.ReadOnly => "Make the file and its folder writable for the bot's user, or point Storage__Sqlite__Path at a writable place.",
        StoreFault.DiskFull => "Free space on that disk, or point Storage__Sqlite__Path at a larger one.",
        StoreFault.Locked => "Another process holds it locked: stop it (a sqlite3 shell or backup left in a transaction), then start the bot.",
        _ => "Check the disk it is on.",
    };
}
