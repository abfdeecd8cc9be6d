using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace IncidentBot.Tests.Support;

/// <summary>The bot's own build run as a real process, as an operator starts it (and as kill -9 stops it).</summary>
internal static class BotProcess
{
    /// <summary>Starts the bot in <paramref name="folder"/> with <paramref name="args"/> and environment variables; output is redirected.</summary>
    public static Process Start(string folder, IEnumerable<string> args, params (string Name, string Value)[] environment)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Dll());
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        return Process.Start(info)!;
    }

    /// <summary>A loopback port nobody listens on now.</summary>
    public static int FreePort()
    {
        using var free = new TcpListener(IPAddress.Loopback, 0);
        free.Start();
        return ((IPEndPoint)free.LocalEndpoint).Port;
    }

    /// <summary>The bot's own build beside this test's (same configuration).</summary>
    public static string Dll()
    {
        var here = AppContext.BaseDirectory;
        var configuration = here.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        for (var dir = new DirectoryInfo(here); dir is not null; dir = dir.Parent)
        {
            var dll = Path.Combine(dir.FullName, "src", "IncidentBot", "bin", configuration, "net10.0", "IncidentBot.dll");
            if (File.Exists(dll))
            {
                return dll;
            }
        }

        throw new FileNotFoundException("src/IncidentBot/bin/<configuration>/net10.0/IncidentBot.dll not found: build the solution first.");
    }
}
