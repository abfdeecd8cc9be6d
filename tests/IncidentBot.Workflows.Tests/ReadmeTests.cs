using IncidentBot.Workflows.Commands;
using IncidentBot.Workflows.Lifecycle;

namespace IncidentBot.Workflows.Tests;

/// <summary>README.md is the first thing a newcomer reads: these keep it true to the code.</summary>
public class ReadmeTests
{
    [Fact]
    public void Readme_ShowsTheDiagramTheCodePrints()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md")).ReplaceLineEndings("\n");
        const string Open = "```mermaid\n";
        var start = readme.IndexOf(Open, StringComparison.Ordinal);
        Assert.True(start >= 0, "README.md has no ```mermaid block.");
        var end = readme.IndexOf("```", start + Open.Length, StringComparison.Ordinal);

        Assert.Equal(IncidentLifecycle.ToMermaid(), readme[(start + Open.Length)..end]);
    }

    [Fact]
    public void Readme_ListsEveryVerbWithItsUsage()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md"));

        Assert.All(Verbs.All, verb => Assert.Contains($"| `{verb.Usage.Replace("|", "\\|", StringComparison.Ordinal)}` |", readme, StringComparison.Ordinal));
    }

    [Fact]
    public void Diagram_HasEveryTransition()
    {
        var diagram = IncidentLifecycle.ToMermaid();

        Assert.Contains("Triage --> Recovering : recover", diagram, StringComparison.Ordinal);
        Assert.Contains("Reporting --> Recovering : reopen", diagram, StringComparison.Ordinal);
        Assert.Equal(IncidentLifecycle.Transitions.Count, diagram.Split('\n').Count(l => l.Contains("--> ", StringComparison.Ordinal) && !l.Contains("[*]", StringComparison.Ordinal)));
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "IncidentBot.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("IncidentBot.sln not found above the test's directory.");
    }
}
