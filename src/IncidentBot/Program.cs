using IncidentBot.Alerts;
using IncidentBot.Api;
using IncidentBot.Chat;
using IncidentBot.Demo;
using IncidentBot.Hosting;
using IncidentBot.Metrics;
using IncidentBot.Reminders;
using IncidentBot.Runbooks;
using IncidentBot.Chat.Slack;
using IncidentBot.Chat.Teams;
using IncidentBot.Storage;
using IncidentBot.Tickets;
using IncidentBot.Verification;
using IncidentBot.WarRoom;

switch (args)
{
    case ["demo", ..]:
        return await DemoScript.RunAsync(Console.Out, CancellationToken.None);
    case ["runbooks", "lint", .. var rest]:
        return await RunbookLint.RunAsync(rest.Length > 0 ? rest[0] : "runbooks", Console.Out, CancellationToken.None);
    case ["teams", "package", .. var rest]:
        return TeamsPackage.Run(CommandLineSettings.Read([.. rest.Where(a => a.StartsWith("--", StringComparison.Ordinal))]), rest.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)), Path.Combine(AppContext.BaseDirectory, "teams"), Console.Out);
    case ["backup" or "restore", ..] when string.Equals(CommandLineSettings.Read([])["Storage:Provider"], "Postgres", StringComparison.OrdinalIgnoreCase):
        await Console.Error.WriteLineAsync("backup and restore copy the SQLite file, but this bot's store is PostgreSQL (Storage__Provider=Postgres): use PostgreSQL's own tools, e.g. `pg_dump -Fc -f incidentbot.dump <database>` and `pg_restore -d <empty database> incidentbot.dump`. Nothing was done.");
        return 2;
    case ["backup", .. var rest]:
        return await StoreBackup.BackupAsync(CommandLineSettings.StorePath([]), rest.FirstOrDefault(), Console.Out, CancellationToken.None);
    case ["restore", .. var rest]:
        return await StoreBackup.RestoreAsync(CommandLineSettings.StorePath([]), rest.FirstOrDefault(a => a != "--force"), rest.Contains("--force"), Console.Out, CancellationToken.None);
    case ["migrate-store", .. var rest]:
        return await IncidentBot.Storage.Migrate.StoreMigration.RunAsync(rest, CommandLineSettings.StorePath([]), CommandLineSettings.Read([]).GetConnectionString("Postgres"), TimeProvider.System, Console.Out, CancellationToken.None);
    case ["lifecycle", ..]:
        Console.Write(IncidentBot.Workflows.Lifecycle.IncidentLifecycle.ToMermaid());
        return 0;
    case ["--help" or "-h" or "-?" or "help", ..]:
        Console.Write(Usage.Text);
        return 0;
    case [var first, ..] when !first.StartsWith('-'):
        await Console.Error.WriteAsync($"Unknown command '{first}'. Nothing was started.\n\n{Usage.Text}");
        return 2;
}

// Settings and the war room page are read from beside the binary; relative data paths from the working directory.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.UseDefaultUrl();
builder.AddIncidentStore();
await builder.AddRunbooksAsync(CancellationToken.None);
builder.AddWarRoom();
builder.AddIncidentMetrics();
builder.AddReminders();
builder.AddChat();
builder.AddSlack();
builder.AddTeams();
builder.AddTickets();
builder.AddAlerts();
builder.AddVerification();
builder.AddIncidentBotCore();
builder.AddWebSignIn();
builder.Services.AddProblemDetails();

var app = builder.Build();
if (!app.PortIsFree())
{
    return 1;
}

app.UseBotLanguage();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseRequestCounting();
app.UseWebSignIn();
app.UseApiToken();
if (!await app.InitializeStoreAsync(CancellationToken.None))
{
    return 1;
}

app.ReportRunbookProblems();
app.ReportSlack();
app.ReportTeams();
app.ReportChat();
app.ReportVerification();
app.MapHealth();
app.MapCommandApi();
app.MapIncidentApi();
app.MapRunbookApi();
app.MapIncidentMetrics();
app.MapMetricsSeries();
app.MapWarRoom();
app.MapSlack();
app.MapTeams();
app.MapAlerts();
return await app.RunOrExplainAsync(CancellationToken.None);

/// <summary>The entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
