using IncidentBot.Workflows.Runbooks;

namespace IncidentBot.Runbooks;

/// <summary>
/// Where people can open a runbook: its path under the runbook folder (<c>runbooks/db-connection-storm.md</c>,
/// as in the repository), and with <c>Runbooks__SourceUrl</c> the same path under the repository's web view.
/// The file the bot actually read, often the copy beside the binary, is for operators: problems, lint and
/// the log name it in full, so it can be fixed.
/// </summary>
public static class RunbookSources
{
    /// <summary>Gives every runbook of <paramref name="library"/>, read from <paramref name="folder"/>, the path and link people see.</summary>
    public static RunbookLibrary Place(RunbookLibrary library, string folder, Uri? folderUrl)
    {
        ArgumentNullException.ThrowIfNull(library);
        return new RunbookLibrary(
            library.Runbooks.Select(r => r with { Source = PathOf(folder, r.Source), SourceUrl = UrlOf(folderUrl, folder, r.Source) }),
            library.Problems);
    }

    /// <summary><c>runbooks/db/storm.md</c>: the folder's own name, then the file's path inside it, with '/' whatever the system.</summary>
    public static string PathOf(string folder, string file)
    {
        var name = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)));
        var inside = Inside(folder, file);
        return name.Length == 0 ? inside : $"{name}/{inside}";
    }

    /// <summary>The file under <paramref name="folderUrl"/> (which names the runbook folder itself), each segment escaped.</summary>
    public static Uri? UrlOf(Uri? folderUrl, string folder, string file) =>
        folderUrl is null ? null : new Uri(folderUrl, string.Join('/', Inside(folder, file).Split('/').Select(Uri.EscapeDataString)));

    /// <summary>
    /// Reads <c>Runbooks__SourceUrl</c>: an absolute http(s) address of the runbook folder in the repository's
    /// web view. A trailing '/' is added so the last segment is kept; anything else is ignored, with the reason to log.
    /// </summary>
    public static (Uri? Url, string? Problem) ReadFolderUrl(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return (null, null);
        }

        var trimmed = text.Trim();
        if (!Uri.TryCreate(trimmed.EndsWith('/') ? trimmed : trimmed + "/", UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            return (null, $"'{trimmed}' is not an http(s) address of the runbook folder, e.g. https://git.example.com/ops/runbooks/blob/main/; runbooks are shown by their path instead");
        }

        return (url, null);
    }

    private static string Inside(string folder, string file) => Path.GetRelativePath(folder, file).Replace('\\', '/');
}
