using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace IncidentBot.Workflows.Tests.Language;

/// <summary>
/// "Seed 001" is the name of a write-up the product was made from; it means nothing to a responder. Code
/// comments may cite it; no string the bot can show (a literal or an interpolated text) may.
/// </summary>
public sealed partial class InternalNamesTests
{
    [Fact]
    public void NoStringInTheSource_NamesAWriteUpBySeedNumber()
    {
        var root = RepositoryRoot();
        var found = new[] { "src/IncidentBot.Workflows", "src/IncidentBot" }
            .SelectMany(f => Directory.EnumerateFiles(Path.Combine(root, f), "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => SeedNames(File.ReadAllText(f)).Select(line => $"{Path.GetRelativePath(root, f)}:{line}"))
            .ToList();

        Assert.True(found.Count == 0, "Strings that name a seed:\n" + string.Join("\n", found));
    }

    [Fact]
    public void TheCheck_FindsASeedInAString_AndLeavesComments()
    {
        const string Code = """
            class C
            {
                // seed 004: comments may say where an idea came from
                string A() => "Required by seed 001's criteria.";
                string B(int n) => $"as in Seeds 000 and {n}";
                string C() => "seedling 3 and seeds are fine";
            }
            """;

        Assert.Equal([4, 5], SeedNames(Code));
    }

    private static IEnumerable<int> SeedNames(string code) =>
        CSharpSyntaxTree.ParseText(code).GetRoot().DescendantNodes()
            .Where(n => n is LiteralExpressionSyntax { RawKind: (int)SyntaxKind.StringLiteralExpression } or InterpolatedStringTextSyntax)
            .Where(n => SeedName().IsMatch(n.ToString()))
            .Select(n => n.GetLocation().GetLineSpan().StartLinePosition.Line + 1);

    [GeneratedRegex(@"\bseeds?\W{0,3}\d", RegexOptions.IgnoreCase)]
    private static partial Regex SeedName();

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
