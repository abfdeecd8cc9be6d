using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Runbooks;

namespace IncidentBot.Workflows.Tests.Runbooks;

public class RunbookParserTests
{
    private static IReadOnlyList<RunbookProblem> Problems(string text) => RunbookParser.Parse("x.md", text).Problems;

    [Fact]
    public void WellFormedRunbook_IsReadWithEveryField()
    {
        var (runbook, problems) = RunbookParser.Parse("db-storm.md", SampleRunbooks.DbStorm);

        Assert.Empty(problems);
        Assert.Equal("db-storm", runbook!.Id);
        Assert.Equal(Severity.Sev2, runbook.SeverityHint);
        Assert.Equal(["rds", "mysql"], runbook.Services);
        Assert.Equal("dba", runbook.Match.Labels["team"]);
        Assert.Equal("AWS/RDS CPUUtilization DBInstanceIdentifier=prod-db < 70 for 10m", runbook.Verification.Single().ToString());
        Assert.Equal(["Compare connections with attempts", "Kill idle sessions", "Route reads to the reader"], runbook.Steps.Select(s => s.Title));
        var first = runbook.Steps[0];
        Assert.Equal("Open both graphs.", first.Action);
        Assert.Equal("aws cloudwatch get-metric-statistics --metric-name ConnectionAttempts", first.Command);
        Assert.Equal("attempts far above normal.", first.Expected);
        Assert.Equal(3, first.GoTo);
        Assert.Equal(17, first.Line);
        Assert.True(runbook.Steps[1].Destructive);
        Assert.False(runbook.Steps[2].Destructive);
    }

    [Theory]
    [InlineData("# no front matter", 1, "starts with YAML front matter")]
    [InlineData("---\nid: a\ntitle: [unclosed\n---\n", 3, "front matter")]
    [InlineData("---\nid: ok-id\ntitle: t\nsummary: s\nmatch: { keywords: [x] }\nowner: bob\n---\n## 1. a\nb\n```\nc\n```\n**Expect:** d\n\n**If not:** e\n", 6, "unknown field 'owner'")]
    [InlineData("---\nid: Bad_Id\ntitle: t\nsummary: s\nmatch: { keywords: [x] }\n---\n", 2, "id is required")]
    [InlineData("---\nid: ok-id\ntitle: t\nsummary: s\nmatch: { alerts: [] }\n---\n## 1. a\nb\n```\nc\n```\n**Expect:** d\n\n**If not:** e\n", 5, "match needs at least one")]
    [InlineData("---\nid: ok-id\ntitle: t\nsummary: s\nmatch: { keywords: x }\n---\n", 5, "match.keywords is a list")]
    [InlineData("---\nid: ok-id\ntitle: t\nsummary: s\n---\n## 1. a\nb\n```\nc\n```\n**Expect:** d\n\n**If not:** e\n", 2, "match needs at least one")]
    [InlineData("---\nid: ok-id\ntitle: t\nsummary: s\nmatch: { keywords: [x] }\nseverity: sev9\n---\n", 6, "severity 'sev9'")]
    [InlineData("---\nid: ok-id\ntitle: t\nsummary: s\nmatch: { keywords: [x] }\nverify: [\"cpu is low\"]\n---\n", 6, "is not a metric condition")]
    [InlineData("---\nid: ok-id\ntitle: t\nsummary: s\nmatch: { keywords: [x] }\n---\nintro only\n", 7, "no steps")]
    [InlineData("---\nid: ok-id\ntitle: t\nsummary: s\nmatch: { keywords: [x] }\n---\n\n## 2. a\nb\n```\nc\n```\n**Expect:** d\n\n**If not:** e\n", 8, "should be numbered 1")]
    [InlineData("---\nid: ok-id\ntitle: t\nsummary: s\nmatch: { keywords: [x] }\n---\n\n## 1. a\nb\n\n**Expect:** d\n\n**If not:** e\n", 8, "no command")]
    [InlineData("---\nid: ok-id\ntitle: t\nsummary: s\nmatch: { keywords: [x] }\n---\n\n## 1. a\nb\n```\nc\n```\n**If not:** e\n", 8, "no '**Expect:**'")]
    [InlineData("---\nid: ok-id\ntitle: t\nsummary: s\nmatch: { keywords: [x] }\n---\n\n## 1. a\nb\n```\nc\n```\n**Expect:** d\n", 8, "no '**If not:**'")]
    [InlineData("---\nid: ok-id\ntitle: t\nsummary: s\nmatch: { keywords: [x] }\n---\n\n## 1. a\nb\n```\nc\n```\n**Expect:** d\n\n**If not:** go to step 7\n", 8, "step 7, which does not exist")]
    [InlineData("---\nid: ok-id\ntitle: t\nsummary: s\nmatch: { keywords: [x] }\n---\n\n## Overview\n", 8, "a step heading is '## N. What to do'")]
    public void MalformedRunbook_IsReportedWithItsLine(string text, int line, string message)
    {
        var problem = Assert.Single(Problems(text), p => p.Message.Contains(message, StringComparison.Ordinal));

        Assert.Equal(line, problem.Line);
        Assert.StartsWith($"x.md:{line}: ", problem.ToString(), StringComparison.Ordinal);
        Assert.Null(RunbookParser.Parse("x.md", text).Runbook);
    }

    [Fact]
    public void DuplicateIds_KeepTheFirst_AndReportTheSecond()
    {
        var library = RunbookLibrary.Parse([("a.md", SampleRunbooks.DbStorm), ("b.md", SampleRunbooks.DbStorm)]);

        Assert.Single(library.Runbooks);
        Assert.Equal("b.md", Assert.Single(library.Problems).File);
        Assert.Contains("already used by a.md", library.Problems[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Introduction_IsTheTextBeforeTheFirstStep_AndEachCodeBlockIsACommandOfItsOwn()
    {
        const string Text = "---\nid: two-blocks\ntitle: t\nsummary: s\nmatch: { keywords: [x] }\n---\n# Title\n\nFirst paragraph.\n\nSecond, with `code`.\n\n"
            + "## 1. Look\nLook twice.\n\n```sh\ndf -h\n```\n\n```sh\ndu -sh /var \\\n  | sort -h\n```\n\nBetween the blocks.\n\n**Expect:** d\n\n**If not:** e\n";

        var (runbook, problems) = RunbookParser.Parse("two-blocks.md", Text);

        Assert.Empty(problems);
        Assert.Equal("First paragraph.\n\nSecond, with `code`.", runbook!.Introduction);
        var step = Assert.Single(runbook.Steps);
        Assert.Equal(["df -h", "du -sh /var \\\n  | sort -h"], step.Commands);
        Assert.Equal("df -h\ndu -sh /var \\\n  | sort -h", step.Command);
        Assert.Equal("Look twice.\n\nBetween the blocks.", step.Action);
        Assert.Equal("", RunbookParser.Parse("cache-down.md", SampleRunbooks.Cache).Runbook!.Introduction);
    }

    [Theory]
    [InlineData("db-strom", new[] { "db-storm" })]
    [InlineData("DB-STORM", new[] { "db-storm" })]
    [InlineData("cache", new[] { "cache-down" })]
    [InlineData("printer-on-fire", new string[0])]
    public void Near_NamesIdsCloseToATypo(string typed, string[] near) =>
        Assert.Equal(near, SampleRunbooks.Library().Near(typed));

    [Theory]
    [InlineData("AWS/RDS CPUUtilization DBInstanceIdentifier=prod-db < 70 for 10m", "AWS/RDS", "CPUUtilization", "<", 70, 10)]
    [InlineData("AWS/SQS ApproximateNumberOfMessagesVisible QueueName=orders <= 100.5 for 5m", "AWS/SQS", "ApproximateNumberOfMessagesVisible", "<=", 100.5, 5)]
    [InlineData("CWAgent mem_used_percent >= 0 for 1h", "CWAgent", "mem_used_percent", ">=", 0, 60)]
    public void MetricConditions_AreRead(string text, string ns, string metric, string op, double threshold, int minutes)
    {
        Assert.True(MetricCondition.TryParse(text, out var c, out _));
        Assert.Equal((ns, metric, op, threshold, TimeSpan.FromMinutes(minutes)), (c!.Namespace, c.Metric, c.Comparison, c.Threshold, c.For));
    }

    [Theory]
    [InlineData("AWS/RDS CPUUtilization < 70")]
    [InlineData("AWS/RDS CPUUtilization == 70 for 10m")]
    [InlineData("AWS/RDS CPUUtilization A=1 A=2 < 70 for 10m")]
    [InlineData("AWS/RDS CPUUtilization < 70 for 0m")]
    [InlineData("AWS/RDS CPUUtilization < 70 for 2d")]
    public void MalformedMetricConditions_AreRefused(string text) =>
        Assert.False(MetricCondition.TryParse(text, out _, out _));

    [Theory]
    [InlineData("*ConnectionAttempts*", "RDS-prod-ConnectionAttempts-High", true)]
    [InlineData("rds*", "RDSCPUHigh", true)]
    [InlineData("Disk?Full", "Disk_Full", true)]
    [InlineData("Disk?Full", "DiskFull", false)]
    [InlineData("*Redis", "RedisDown", false)]
    public void Globs_MatchAlertNames(string pattern, string name, bool matches) =>
        Assert.Equal(matches, Glob.IsMatch(pattern, name));
}
