using IncidentBot.Workflows.Postmortems;

namespace IncidentBot.Workflows.Tests.Postmortems;

public sealed class SafeMarkdownTests
{
    [Theory]
    [InlineData("[graph](javascript:alert(1))")]
    [InlineData("[graph](JaVaScRiPt:alert(1))")]
    [InlineData("[graph](java\tscript:alert(1))")]
    [InlineData("<javascript:alert(1)>")]
    [InlineData("[graph](data:text/html;base64,PHNjcmlwdD4=)")]
    [InlineData("[graph][x]\n\n[x]: vbscript:msgbox")]
    [InlineData("![img](javascript:alert(1))")]
    public void A_link_that_would_run_something_goes_nowhere(string markdown)
    {
        // Either no link at all (Markdig does not take it for one) or a link to nowhere.
        var html = PostmortemMarkdown.Preview(markdown);
        var targets = System.Text.RegularExpressions.Regex.Matches(html, "(?:href|src)=\"([^\"]*)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.All(targets, target => Assert.Equal("#", target));
    }

    [Theory]
    [InlineData("[dashboard](https://grafana.example.com/d/abc?from=now-3h)", "https://grafana.example.com/d/abc?from=now-3h")]
    [InlineData("[ticket](http://jira.example.com/OPS-1)", "http://jira.example.com/OPS-1")]
    [InlineData("[mail](mailto:sre@example.com)", "mailto:sre@example.com")]
    [InlineData("[draft](/api/incidents/INC-0001/postmortem?format=html)", "/api/incidents/INC-0001/postmortem?format=html")]
    [InlineData("<https://status.example.com>", "https://status.example.com")]
    public void Web_mail_and_relative_links_stay(string markdown, string href) =>
        Assert.Contains($"href=\"{href.Replace("&", "&amp;", StringComparison.Ordinal)}\"", PostmortemMarkdown.Preview(markdown), StringComparison.Ordinal);

    [Fact]
    public void Raw_html_stays_text() =>
        Assert.DoesNotContain("<script>", PostmortemMarkdown.Preview("<script>alert(1)</script> **bold**"), StringComparison.Ordinal);
}
