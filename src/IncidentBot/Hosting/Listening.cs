using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Http;

namespace IncidentBot.Hosting;

/// <summary>
/// Where the bot listens: <c>--urls</c>, <c>ASPNETCORE_URLS</c> or <c>Urls</c> as in every ASP.NET Core
/// app (and container), <c>http://localhost:5080</c> only when none is set; and a port someone else
/// holds is one line saying which and how to choose another, not a page of stack traces.
/// </summary>
public static class Listening
{
    public const string DefaultUrl = "http://localhost:5080";

    public static WebApplicationBuilder UseDefaultUrl(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        if (string.IsNullOrEmpty(configuration["urls"]) && string.IsNullOrEmpty(configuration["http_ports"]) && string.IsNullOrEmpty(configuration["https_ports"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        // Kestrel's own account of a failed bind is a critical log with the stack; RunAsync says it in one line instead.
        // A rule's filter replaces the configured level for its category, so it keeps Microsoft.AspNetCore's Warning
        // itself: without that every connection logged four debug lines.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Server.Kestrel", level => level is >= LogLevel.Warning and < LogLevel.Critical);
        return builder;
    }

    /// <summary>False, after one line on the console, when another process already listens where the bot would: checked before anything starts.</summary>
    public static bool PortIsFree(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.Services.GetService<Microsoft.AspNetCore.Hosting.Server.IServer>()?.GetType().Namespace?.StartsWith("Microsoft.AspNetCore.Server.Kestrel", StringComparison.Ordinal) != true)
        {
            return true; // an in-memory test server listens nowhere
        }

        var urls = Urls(app);
        if (Taken(urls) is { } taken)
        {
            Console.Error.WriteLine(Busy(urls, $"port {taken} is already in use"));
            return false;
        }

        return true;
    }

    /// <summary>Runs the bot; 1 with one line on the console when its address is taken after all (a race) or cannot be used.</summary>
    public static async Task<int> RunOrExplainAsync(this WebApplication app, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(app);
        var urls = Urls(app);
        try
        {
            await ((IHost)app).RunAsync(cancellationToken);
            return 0;
        }
        catch (IOException ex) when (ex.InnerException is SocketException or Microsoft.AspNetCore.Connections.AddressInUseException || ex.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
        {
            await Console.Error.WriteLineAsync(Busy(urls, ex.Message.TrimEnd('.')));
            return 1;
        }
    }

    private static string Urls(WebApplication app) => app.Configuration["urls"] is { Length: > 0 } set ? set : DefaultUrl;

    private static string Busy(string urls, string why) =>
        $"IncidentBot cannot listen on {urls}: {why}. Stop what uses that port, or choose another address with --urls http://localhost:5081 (or ASPNETCORE_URLS, or Urls in appsettings.json).";

    /// <summary>
    /// The first port of <paramref name="urls"/> another process already listens on, tried before
    /// starting so the answer is one line and nothing half-starts; a race after it is still caught.
    /// </summary>
    private static int? Taken(string urls)
    {
        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            BindingAddress address;
            try
            {
                address = BindingAddress.Parse(url);
            }
            catch (FormatException)
            {
                continue; // Kestrel will say what is wrong with it
            }

            var ip = address.Host is "localhost" ? IPAddress.Loopback : IPAddress.TryParse(address.Host, out var parsed) ? parsed : address.Host is "*" or "+" ? IPAddress.Any : null;
            if (ip is null || address.Port == 0)
            {
                continue;
            }

            using var probe = new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                probe.Bind(new IPEndPoint(ip, address.Port));
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressAlreadyInUse)
            {
                return address.Port;
            }
        }

        return null;
    }
}
