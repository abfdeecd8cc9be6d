namespace IncidentBot.Hosting;

/// <summary>What <c>--help</c> prints, and what an unknown command is answered with.</summary>
public static class Usage
{
    public const string Text = """
        IncidentBot: incident response in Slack, Microsoft Teams and the browser.

        Usage: dotnet run --project src/IncidentBot [-- <command>] [--<Setting> <value>...]
               (or: dotnet IncidentBot.dll [<command>] [--<Setting> <value>...])

        Commands:
          (none)                        run the bot (http://localhost:5080 unless --urls, ASPNETCORE_URLS or Urls says otherwise)
          demo                          play a whole incident in memory and print what the bot said
          backup <file>                 copy the store to a new file, safely while the bot runs
          restore <file> [--force]      replace the store with a backup (refuses to replace incidents without --force)
          migrate-store --to postgres   copy the store (or --from <file>) into the empty database at ConnectionStrings__Postgres, verified
          runbooks lint [folder]        check runbook files (default: runbooks)
          teams package [file]          build the Teams app package (needs Teams__AppId and Teams__PublicUrl)
          lifecycle                     print the incident lifecycle as a Mermaid diagram
          --help                        this text

        Settings come from appsettings.json, environment variables (Slack__BotToken=...) or the command
        line (--Slack:BotToken ...); README.md lists them all.

        """;
}
