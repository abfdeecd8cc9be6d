namespace IncidentBot.Runbooks;

/// <summary><c>incidentbot runbooks lint [path]</c>: checks every runbook, prints <c>file:line: message</c>, exits 1 on any problem.</summary>
public static class RunbookLint
{
    public static async Task<int> RunAsync(string folder, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        var library = await RunbookFiles.LoadAsync(folder, cancellationToken);
        foreach (var problem in library.Problems)
        {
            await output.WriteLineAsync(problem.ToString());
        }

        var steps = library.Runbooks.Sum(r => r.Steps.Count);
        await output.WriteLineAsync($"{library.Runbooks.Count} runbooks ({steps} steps) fine, {library.Problems.Count} problems in {folder}");
        return library.Problems.Count == 0 ? 0 : 1;
    }
}
