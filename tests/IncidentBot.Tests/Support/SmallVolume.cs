using System.Diagnostics;

namespace IncidentBot.Tests.Support;

/// <summary>
/// A real small filesystem for storage-fault tests: a tmpfs of a few megabytes mounted in a temporary
/// folder, that the test fills to the last byte, frees, or remounts read-only. Mounting needs root with
/// CAP_SYS_ADMIN, as the CI machine and this workplace's machines run; elsewhere the test fails saying so.
/// </summary>
public sealed class SmallVolume : IDisposable
{
    private readonly string _filler;

    private SmallVolume(string folder)
    {
        Folder = folder;
        _filler = System.IO.Path.Combine(folder, "filler");
    }

    public string Folder { get; }

    public string Path(string name) => System.IO.Path.Combine(Folder, name);

    public static SmallVolume Mount(int megabytes)
    {
        var folder = Directory.CreateTempSubdirectory("incidentbot-volume-").FullName;
        var (code, output) = Run("mount", $"-t tmpfs -o size={megabytes}m incidentbot-test {folder}");
        if (code != 0)
        {
            Directory.Delete(folder);
            throw new InvalidOperationException(
                $"This storage-fault test mounts a {megabytes} MB tmpfs to fill it for real, and `mount` said: {output.Trim()}. Run the tests as root with CAP_SYS_ADMIN (as .ci/run does on the CI machine).");
        }

        return new SmallVolume(folder);
    }

    /// <summary>Writes a file until the volume has no byte left.</summary>
    public void Fill()
    {
        using var file = new FileStream(_filler, FileMode.Append, FileAccess.Write, FileShare.None, 1, FileOptions.WriteThrough);
        foreach (var size in new[] { 65536, 4096, 512, 1 })
        {
            var chunk = new byte[size];
            try
            {
                while (true)
                {
                    file.Write(chunk);
                    file.Flush();
                }
            }
            catch (IOException)
            {
                // Full at this chunk size; try a smaller one for the last bytes.
            }
        }
    }

    public void Free() => File.Delete(_filler);

    public void ReadOnly() => Remount("ro");

    public void Writable() => Remount("rw");

    private void Remount(string mode)
    {
        var (code, output) = Run("mount", $"-o remount,{mode} {Folder}");
        Assert.True(code == 0, $"mount -o remount,{mode}: {output}");
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Run("umount", $"-l {Folder}");
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // Still busy; the temporary folder is cleaned by the OS later.
        }
    }

    private static (int Code, string Output) Run(string program, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit(10_000);
        return (process.ExitCode, output);
    }
}
