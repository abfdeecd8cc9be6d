namespace IncidentBot.Workflows.Runbooks;

/// <summary>The runbooks the bot knows, by id, with the problems of the files it had to skip.</summary>
public sealed class RunbookLibrary
{
    private readonly Dictionary<string, Runbook> _byId;

    public RunbookLibrary(IEnumerable<Runbook> runbooks, IEnumerable<RunbookProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(runbooks);
        var all = problems.ToList();
        _byId = new Dictionary<string, Runbook>(StringComparer.OrdinalIgnoreCase);
        foreach (var runbook in runbooks)
        {
            if (_byId.TryGetValue(runbook.Id, out var first))
            {
                all.Add(new RunbookProblem(runbook.Source, 2, $"id '{runbook.Id}' is already used by {first.Source}; this runbook is skipped"));
                continue;
            }

            _byId[runbook.Id] = runbook;
        }

        Runbooks = [.. _byId.Values.OrderBy(r => r.Id, StringComparer.Ordinal)];
        Problems = all;
    }

    public static RunbookLibrary Empty { get; } = new([], []);

    public IReadOnlyList<Runbook> Runbooks { get; }
    public IReadOnlyList<RunbookProblem> Problems { get; }

    public Runbook? Find(string id) => _byId.GetValueOrDefault(id);

    /// <summary>Up to three ids near <paramref name="typed"/> (a typo, or a part of an id), nearest first.</summary>
    public IReadOnlyList<string> Near(string typed)
    {
        ArgumentNullException.ThrowIfNull(typed);
        var lower = typed.ToLowerInvariant();
        return [.. Runbooks
            .Where(r => Commands.Verbs.EditDistance(lower, r.Id) <= Math.Max(2, r.Id.Length / 4) || (lower.Length >= 3 && r.Id.Contains(lower, StringComparison.Ordinal)))
            .OrderBy(r => Commands.Verbs.EditDistance(lower, r.Id)).Take(3).Select(r => r.Id)];
    }

    /// <summary>Reads every file given as (name, text); a file with problems is skipped and its problems kept.</summary>
    public static RunbookLibrary Parse(IEnumerable<(string File, string Text)> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var runbooks = new List<Runbook>();
        var problems = new List<RunbookProblem>();
        foreach (var (file, text) in files)
        {
            var (runbook, found) = RunbookParser.Parse(file, text);
            problems.AddRange(found);
            if (runbook is not null)
            {
                runbooks.Add(runbook);
            }
        }

        return new RunbookLibrary(runbooks, problems);
    }
}
