namespace IncidentBot.Hosting;

/// <summary>The bot's settings as the server reads them (appsettings.json beside the binary, environment, command line), for the one-shot commands.</summary>
public static class CommandLineSettings
{
    public static IConfiguration Read(string[] args) =>
        new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(args)
            .Build();

    /// <summary>Where the SQLite store is, as the server would open it.</summary>
    public static string StorePath(string[] args) => Read(args)["Storage:Sqlite:Path"] ?? "data/incidentbot.db";
}
