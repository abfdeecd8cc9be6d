using IncidentBot.Workflows.Runbooks;

namespace IncidentBot.Runbooks;

/// <summary>Reads a folder of runbooks (<c>*.md</c> except README.md) into a library.</summary>
public static class RunbookFiles
{
    /// <summary>The shipped library beside the binary (a build or publish copies <c>runbooks/</c> there).</summary>
    public static string DefaultPath => Path.Combine(AppContext.BaseDirectory, "runbooks");

    public static Task<RunbookLibrary> LoadAsync(string folder, CancellationToken cancellationToken) =>
        LoadAsync(folder, folderUrl: null, cancellationToken);

    /// <summary>
    /// Problems name each file as read (in full, to fix it); the runbooks are shown to people by their path
    /// under <paramref name="folder"/>, and linked under <paramref name="folderUrl"/> when given.
    /// </summary>
    public static async Task<RunbookLibrary> LoadAsync(string folder, Uri? folderUrl, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(folder))
        {
            return new RunbookLibrary([], [new RunbookProblem(folder, 0, "the runbook folder does not exist (set Runbooks__Path)")]);
        }

        var files = Directory.EnumerateFiles(folder, "*.md", SearchOption.AllDirectories)
            .Where(f => !Path.GetFileName(f).Equals("README.md", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .ToList();
        var texts = await Task.WhenAll(files.Select(f => File.ReadAllTextAsync(f, cancellationToken)));
        return RunbookSources.Place(RunbookLibrary.Parse(files.Select((f, i) => (f, texts[i]))), folder, folderUrl);
    }
}
