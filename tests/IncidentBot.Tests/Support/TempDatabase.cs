using Microsoft.Data.Sqlite;

namespace IncidentBot.Tests.Support;

/// <summary>A SQLite file of the test's own in a temporary folder, removed afterwards.</summary>
public sealed class TempDatabase : IDisposable
{
    public TempDatabase()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("incidentbot-test-").FullName;
        Path = System.IO.Path.Combine(Directory, "incidentbot.db");
    }

    public string Directory { get; }
    public string Path { get; }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still open by a pool on another thread; the temp folder is cleaned by the OS later.
        }
    }
}
