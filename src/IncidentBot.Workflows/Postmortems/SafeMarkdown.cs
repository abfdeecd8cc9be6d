using Markdig;
using Markdig.Renderers;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace IncidentBot.Workflows.Postmortems;

/// <summary>
/// Markdown people wrote, as HTML that cannot run anything: raw HTML stays text (the pipeline's
/// <c>DisableHtml</c>) and a link or image goes only to http(s), mailto or a relative address; any
/// other (<c>javascript:</c>, <c>data:</c>, <c>vbscript:</c>) is made a link to nowhere.
/// </summary>
public static class SafeMarkdown
{
    private static readonly string[] Schemes = ["http", "https", "mailto"];

    public static string ToHtml(string markdown, MarkdownPipeline pipeline)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        var document = Markdown.Parse(markdown ?? "", pipeline);
        foreach (var link in document.Descendants<LinkInline>().Where(l => !Safe(l.Url)))
        {
            link.Url = "#";
        }

        foreach (var link in document.Descendants<AutolinkInline>().Where(l => !l.IsEmail && !Safe(l.Url)))
        {
            link.Url = "#";
        }

        using var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer);
        pipeline.Setup(renderer);
        renderer.Render(document);
        writer.Flush();
        return writer.ToString();
    }

    /// <summary>Whether a browser following <paramref name="url"/> only fetches a page (browsers ignore tabs, newlines and controls inside a scheme).</summary>
    public static bool Safe(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return true;
        }

        var cleaned = new string([.. url.Where(c => !char.IsControl(c) && !char.IsWhiteSpace(c))]);
        var colon = cleaned.IndexOf(':', StringComparison.Ordinal);
        var relative = colon < 0 || cleaned.IndexOfAny(['/', '?', '#']) is var end and >= 0 && end < colon;
        return relative || Schemes.Contains(cleaned[..colon].ToLowerInvariant());
    }
}
