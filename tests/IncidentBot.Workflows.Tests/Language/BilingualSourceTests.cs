using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace IncidentBot.Workflows.Tests.Language;

/// <summary>
/// Every line the bot writes exists in English and Japanese. This reads the source of every folder
/// that writes to people and fails on English prose that is not given with its Japanese
/// (<c>Say.T(en, ja)</c>, <c>Words(en, ja)</c>, a postmortem table row), and on a "Japanese" form
/// that is not Japanese. Logs, exceptions for bugs and commands are not prose for people.
/// </summary>
public sealed partial class BilingualSourceTests
{
    /// <summary>The folders whose strings reach a chat room, a page or a postmortem.</summary>
    private static readonly string[] Folders =
    [
        "src/IncidentBot.Workflows/Chat", "src/IncidentBot.Workflows/Commands", "src/IncidentBot.Workflows/Lifecycle",
        "src/IncidentBot.Workflows/Timeline", "src/IncidentBot.Workflows/Incidents", "src/IncidentBot.Workflows/Alerts",
        "src/IncidentBot.Workflows/Reminders", "src/IncidentBot.Workflows/Postmortems", "src/IncidentBot.Workflows/Verification",
        "src/IncidentBot.Workflows/Claims", "src/IncidentBot/Chat", "src/IncidentBot/Verification", "src/IncidentBot/Reminders",
        "src/IncidentBot/Alerts", "src/IncidentBot/Aws", "src/IncidentBot/Tickets", "src/IncidentBot/Postmortems",
    ];

    /// <summary>Files whose prose is read by operators (logs, delivery reasons, the command line, protocol errors), never by a chat user.</summary>
    private static readonly HashSet<string> ForOperators =
    [
        "src/IncidentBot/Chat/Slack/SlackApiException.cs", // advice in logs and dropped-delivery reasons
        "src/IncidentBot/Chat/Slack/SlackSignature.cs", // why a request was refused, logged
        "src/IncidentBot/Chat/Teams/TeamsAuthenticator.cs", // why a token was refused, logged
        "src/IncidentBot/Chat/Teams/TeamsConnector.cs", // advice in logs and dropped-delivery reasons
        "src/IncidentBot/Chat/Teams/TeamsGraph.cs", // advice in logs
        "src/IncidentBot/Chat/Teams/TeamsPackage.cs", // the 'teams package' command line
        "src/IncidentBot/Chat/Teams/TeamsRefusals.cs", // log and metric names
        "src/IncidentBot/Chat/Teams/TeamsEndpoint.cs", // HTTP problems answered to the Bot Framework
        "src/IncidentBot/Chat/OutboxLoop.cs", // delivery reasons, logged and shown by /readyz
        "src/IncidentBot/Alerts/AlertEndpoints.cs", // HTTP problems answered to alert senders (Alertmanager, Grafana, SNS), logged as refusals
        "src/IncidentBot/Alerts/SnsVerifier.cs", // why an SNS message was refused, answered to SNS and logged
        "src/IncidentBot/Alerts/AlertRefusals.cs", // log and metric names
    ];

    /// <summary>Calls whose strings go to a platform or an operator: delivery reasons, HTTP answers, settings checks, formats.</summary>
    private static readonly HashSet<string> OperatorReceivers = ["DeliveryOutcome", "SlackAnswer", "Results", "TypedResults"];

    [Fact]
    public void EveryLineForPeople_IsWrittenInEnglishAndJapanese()
    {
        var root = RepositoryRoot();
        var problems = new List<string>();
        foreach (var file in Folders.SelectMany(f => Directory.EnumerateFiles(Path.Combine(root, f), "*.cs", SearchOption.AllDirectories)))
        {
            if (ForOperators.Contains(Path.GetRelativePath(root, file).Replace('\\', '/')))
            {
                continue;
            }

            var tree = CSharpSyntaxTree.ParseText(File.ReadAllText(file));
            foreach (var node in tree.GetRoot().DescendantNodes().Where(n => n is LiteralExpressionSyntax { RawKind: (int)SyntaxKind.StringLiteralExpression } or InterpolatedStringExpressionSyntax))
            {
                var problem = Check((ExpressionSyntax)node);
                if (problem is not null)
                {
                    var line = node.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
                    problems.Add($"{Path.GetRelativePath(root, file)}:{line}: {problem}");
                }
            }
        }

        Assert.True(problems.Count == 0, $"{problems.Count} lines for people lack a language:\n{string.Join("\n", problems)}");
    }

    [Fact]
    public void TheChecker_FindsALineInOneLanguage()
    {
        var code = """
            class C
            {
                string A() => "There is no incident here.";
                string B() => Say.T("There is no incident here.", "インシデントがありません。");
                string D() => Say.T("There is no incident here.", "There is no incident here.");
                void E() => logger.LogWarning("Delivery failed for the room");
                string F() => "/incident note <text>";
            }
            """;
        var found = CSharpSyntaxTree.ParseText(code).GetRoot().DescendantNodes().OfType<LiteralExpressionSyntax>()
            .Select(l => (Line: l.GetLocation().GetLineSpan().StartLinePosition.Line, Problem: Check(l)))
            .Where(p => p.Problem is not null).Select(p => p.Line).Distinct().ToList();
        Assert.Equal([2, 4], found);
    }

    private static string? Check(ExpressionSyntax literal)
    {
        var text = TextOf(literal);
        if (Exempt(literal) || text.TrimStart().StartsWith('<'))
        {
            return null;
        }

        if (Pairing(literal) is { } pair)
        {
            var (en, ja) = pair;
            return ja == literal && !Japanese().IsMatch(TextOf(ja, nested: true)) && Prose().IsMatch(TextOf(en, nested: true)) ? $"the Japanese form is not Japanese: \"{text}\"" : null;
        }

        return Prose().IsMatch(text) && !text.TrimStart().StartsWith("/incident", StringComparison.Ordinal) ? $"English only: \"{Shorten(text)}\"" : null;
    }

    /// <summary>The English and Japanese forms the literal is one of, when it is given in both.</summary>
    private static (ExpressionSyntax En, ExpressionSyntax Ja)? Pairing(ExpressionSyntax literal)
    {
        var outer = Outermost(literal);
        if (outer.Parent is ArgumentSyntax { Parent: ArgumentListSyntax args } && args.Parent is InvocationExpressionSyntax or ObjectCreationExpressionSyntax)
        {
            var name = args.Parent switch
            {
                InvocationExpressionSyntax i => i.Expression is MemberAccessExpressionSyntax m ? $"{m.Expression}.{m.Name}" : i.Expression.ToString(),
                ObjectCreationExpressionSyntax o => o.Type.ToString(),
                _ => "",
            };
            if (name is "Say.T" or "Words" && args.Arguments.Count >= 2)
            {
                var strings = args.Arguments.Skip(args.Arguments.Count - 2).Select(a => a.Expression).ToList();
                return (strings[0], strings[1]);
            }
        }

        if (outer.Parent is ArgumentSyntax { Parent: TupleExpressionSyntax tuple } && tuple.Arguments.Count == 2)
        {
            return (tuple.Arguments[0].Expression, tuple.Arguments[1].Expression);
        }

        return null;
    }

    /// <summary>Strings that are not said to people: logs, exceptions for bugs, attributes, regexes, lines marked <c>// for operators</c>.</summary>
    private static bool Exempt(ExpressionSyntax literal)
    {
        var line = literal.SyntaxTree.GetText().Lines[literal.GetLocation().GetLineSpan().StartLinePosition.Line].ToString();
        if (line.Contains("// for operators", StringComparison.Ordinal))
        {
            return true;
        }

        foreach (var ancestor in literal.Ancestors())
        {
            switch (ancestor)
            {
                case AttributeSyntax:
                case MethodDeclarationSyntax { Identifier.Text: "Name" }: // API and store spellings (Phase.Name()), shown through Label()
                case ObjectCreationExpressionSyntax { Type: IdentifierNameSyntax { Identifier.Text: "SlackAnswer" or "TeamsAnswer" } }: // protocol answers
                case MethodDeclarationSyntax { Identifier.Text: "ToMermaid" }: // the lifecycle diagram in the README
                case ThrowExpressionSyntax or ThrowStatementSyntax:
                case ConstructorInitializerSyntax { Parent: ConstructorDeclarationSyntax { Identifier.Text: var type } } when type.EndsWith("Exception", StringComparison.Ordinal):
                case ObjectCreationExpressionSyntax o when o.Type.ToString().EndsWith("Exception", StringComparison.Ordinal):
                case InvocationExpressionSyntax i when CalledName(i) is { } n && (n.StartsWith("Log", StringComparison.Ordinal) || n is "Regex" or "IsMatch" or "Match" or "Replace" or "Validate" or "ToString"):
                    return true;
                case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax receiver } } when OperatorReceivers.Contains(receiver.Identifier.Text):
                    return true;
            }
        }

        return false;
    }

    private static string? CalledName(InvocationExpressionSyntax invocation) => invocation.Expression switch
    {
        MemberAccessExpressionSyntax m => m.Name.Identifier.Text,
        MemberBindingExpressionSyntax b => b.Name.Identifier.Text,
        IdentifierNameSyntax n => n.Identifier.Text,
        _ => null,
    };

    /// <summary>A literal inside parentheses, a conditional or an interpolation still counts as the argument it is part of.</summary>
    private static ExpressionSyntax Outermost(ExpressionSyntax literal)
    {
        ExpressionSyntax node = literal;
        while (true)
        {
            if (node.Parent is ParenthesizedExpressionSyntax or ConditionalExpressionSyntax or BinaryExpressionSyntax { RawKind: (int)SyntaxKind.AddExpression } or BinaryExpressionSyntax { RawKind: (int)SyntaxKind.CoalesceExpression })
            {
                node = (ExpressionSyntax)node.Parent;
            }
            else if (node.Parent is InterpolationSyntax { Parent: InterpolatedStringExpressionSyntax outer })
            {
                node = outer; // a part of an interpolated string is given in the language of the whole
            }
            else
            {
                return node;
            }
        }
    }

    /// <summary>The string's own text; with <paramref name="nested"/>, also the strings inside its interpolations (not their formats).</summary>
    private static string TextOf(ExpressionSyntax e, bool nested = false) => e switch
    {
        LiteralExpressionSyntax l => l.Token.ValueText,
        InterpolatedStringExpressionSyntax s => string.Concat(s.Contents.Select(c => c switch
        {
            InterpolatedStringTextSyntax t => t.TextToken.ValueText,
            InterpolationSyntax i when nested => string.Concat(i.DescendantTokens()
                .Where(t => (t.IsKind(SyntaxKind.StringLiteralToken) || t.IsKind(SyntaxKind.InterpolatedStringTextToken)) && t.Parent is not InterpolationFormatClauseSyntax)
                .Select(t => t.ValueText)),
            _ => "",
        })),
        _ => "",
    };

    private static string Shorten(string text) => text.Length > 80 ? text[..80] + "…" : text;

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

    /// <summary>Two English words in a row: a sentence or a label for people (single words are names and keys).</summary>
    [GeneratedRegex(@"\b[A-Za-z][a-z']+ [a-z][a-z']+\b")]
    private static partial Regex Prose();

    [GeneratedRegex(@"[\p{IsHiragana}\p{IsKatakana}\p{IsCJKUnifiedIdeographs}]")]
    private static partial Regex Japanese();
}
