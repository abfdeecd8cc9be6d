using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using IncidentBot.Tests.Support;

namespace IncidentBot.Tests.Hosting;

/// <summary>
/// The bot as a newcomer starts it, as a real process: <c>--help</c> and a typo print usage and start
/// nothing, <c>ASPNETCORE_URLS</c> is honoured, and a busy port is one line and exit 1.
/// </summary>
public sealed class FirstMinutesTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("incidentbot-first-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Help_prints_usage_and_a_typo_says_so_and_neither_starts_the_bot()
    {
        var help = await RunAsync(["--help"]);
        Assert.Equal(0, help.Code);
        Assert.Contains("Usage:", help.Out, StringComparison.Ordinal);
        Assert.Contains("backup <file>", help.Out, StringComparison.Ordinal);

        var typo = await RunAsync(["frobnicate"]);
        Assert.Equal(2, typo.Code);
        Assert.StartsWith("Unknown command 'frobnicate'. Nothing was started.", typo.Err, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_folder, "data")), "a typo created a database");
    }

    [Fact]
    public async Task Backup_on_a_PostgreSQL_bot_says_to_use_pg_dump_and_touches_nothing()
    {
        using var process = Start(["backup", Path.Combine(_folder, "copy.db")], ("Storage__Provider", "Postgres"));
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.Equal(2, process.ExitCode);
        Assert.Contains("pg_dump", error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_folder, "copy.db")));
    }

    [Fact]
    public async Task A_busy_port_is_one_line_naming_it_and_exit_1()
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var port = ((IPEndPoint)holder.LocalEndpoint).Port;

        var busy = await RunAsync(["--urls", $"http://127.0.0.1:{port}", "--Storage:Sqlite:Path", Path.Combine(_folder, "busy.db")]);

        Assert.Equal(1, busy.Code);
        var line = Assert.Single(busy.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Contains($"port {port} is already in use", line, StringComparison.Ordinal);
        Assert.Contains("--urls", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASPNETCORE_URLS_is_where_the_bot_listens()
    {
        var port = BotProcess.FreePort();

        using var bot = Start(["--Storage:Sqlite:Path", Path.Combine(_folder, "env.db")], ("ASPNETCORE_URLS", $"http://127.0.0.1:{port}"));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        try
        {
            await Eventually.HoldsAsync(async () =>
            {
                try
                {
                    using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/healthz"));
                    return response.StatusCode == HttpStatusCode.OK;
                }
                catch (HttpRequestException)
                {
                    return false; // not listening yet
                }
            }, $"the bot to answer on ASPNETCORE_URLS (port {port})", seconds: 30);
        }
        finally
        {
            bot.Kill(entireProcessTree: true);
        }

        // What it printed while answering is the operator's console: start-up lines, not a debug line per connection.
        var console = await bot.StandardOutput.ReadToEndAsync();
        Assert.Contains("Now listening on", console, StringComparison.Ordinal);
        Assert.DoesNotContain("dbug:", console, StringComparison.Ordinal);
    }

    private Process Start(string[] args, params (string Name, string Value)[] environment) => BotProcess.Start(_folder, args, environment);

    private async Task<(int Code, string Out, string Err)> RunAsync(string[] args)
    {
        using var process = Start(args);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(limit.Token);
        return (process.ExitCode, await output, await error);
    }
}
