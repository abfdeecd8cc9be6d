using System.Diagnostics;

namespace IncidentBot.Tests.Support;

/// <summary>
/// The npm tools in <c>tools/node</c> (Microsoft's Adaptive Cards parser, the Microsoft 365 Agents
/// Playground), pinned by its lock file and installed by <c>.ci/run</c>. A test that needs them and
/// finds them missing fails with the command that installs them.
/// </summary>
internal static class NodeTools
{
    public static string Folder { get; } = Find();

    /// <summary>The path of <paramref name="relative"/> under <c>tools/node</c>, checked to exist.</summary>
    public static string Path(string relative)
    {
        var path = System.IO.Path.Combine(Folder, relative);
        Assert.True(File.Exists(path) || Directory.Exists(path), $"{path} is missing: install the test tools with `npm ci --prefix tools/node` (.ci/run does this).");
        return path;
    }

    /// <summary>Runs <c>node</c> with <paramref name="arguments"/>, <paramref name="input"/> on stdin; returns stdout.</summary>
    public static async Task<string> NodeAsync(string input, params string[] arguments)
    {
        var start = new ProcessStartInfo("node") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Folder };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var node = Process.Start(start) ?? throw new InvalidOperationException("node did not start: install Node.js 20 (apt-get install nodejs npm).");
        var output = node.StandardOutput.ReadToEndAsync();
        var errors = node.StandardError.ReadToEndAsync();
        await node.StandardInput.WriteAsync(input);
        node.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await node.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            node.Kill(entireProcessTree: true);
            throw new TimeoutException($"node {string.Join(' ', arguments)} did not finish within 60 s");
        }

        Assert.True(node.ExitCode == 0, $"node {string.Join(' ', arguments)} failed: {await errors}");
        return await output;
    }

    private static string Find()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(folder.FullName, "tools", "node", "package.json")))
            {
                return System.IO.Path.Combine(folder.FullName, "tools", "node");
            }
        }

        throw new InvalidOperationException("tools/node/package.json not found above " + AppContext.BaseDirectory);
    }
}
