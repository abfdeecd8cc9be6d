using System.Globalization;
using System.Text;
using IncidentBot.Workflows.Language;
using Markdig;

namespace IncidentBot.Workflows.Postmortems;

/// <summary>The draft as GitHub-flavoured Markdown (for git) and as HTML (for the dashboard). Prompts are block quotes starting with ✏️.</summary>
public static class PostmortemMarkdown
{
    // Raw HTML in people's notes must not become markup on the dashboard.
    private static readonly MarkdownPipeline Html = new MarkdownPipelineBuilder().UsePipeTables().DisableHtml().Build();

    public static string Render(PostmortemDraft draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        using var language = Say.Use(draft.Locale); // wholly in the draft's language, whatever the caller's
        var l = draft.Locale;
        string T(string key, params object[] args) => PostmortemText.T(l, key, args);
        string Local(DateTimeOffset t) => TimeZoneInfo.ConvertTime(t, TimeZoneInfo.FindSystemTimeZoneById(draft.Zone)).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

        var md = new StringBuilder();
        md.Append("# ").Append(T("item", T("title"), draft.Incident)).Append(' ').Append(Cell(draft.Title)).Append("\n\n");
        md.Append("| | |\n|---|---|\n");
        Row(md, T("created"), Local(draft.Created));
        Row(md, T("period"), T("period.value", Local(draft.PeriodStart), draft.PeriodEnd is { } end ? Local(end) : T("ongoing"), draft.Zone));
        Row(md, T("author"), draft.Author is null ? "✏️ " + T("prompt.author") : "@" + draft.Author);
        Row(md, T("reviewers"), draft.Reviewers.Count == 0 ? "✏️ " + T("prompt.reviewers") : PostmortemText.Comma(l, draft.Reviewers.Select(r => "@" + r)));
        Row(md, T("status"), draft.Status);
        Row(md, T("severity"), draft.Severity ?? "—");
        Row(md, T("required"), draft.Requirement.Required ? T("required.yes", PostmortemText.Join(l, draft.Requirement.Reasons))
            : draft.Requirement.Unknown.Count > 0 ? T("required.unknown")
            : T("required.no", PostmortemText.Join(l, draft.Requirement.Reasons)));
        foreach (var fact in draft.Head ?? [])
        {
            Row(md, fact.Name, fact.Value);
        }

        if (draft.BlamelessWarnings.Count > 0)
        {
            // Shown until the words change: reviewers read this, not the chat reply that first said it.
            md.Append("\n## ").Append(T("review-notes")).Append("\n\n");
            md.Append(string.Concat(draft.BlamelessWarnings.Select(w => "- " + w + "\n")));
        }

        foreach (var section in draft.Sections)
        {
            md.Append("\n## ").Append(section.Heading).Append("\n\n");
            if (section.Facts is not null)
            {
                md.Append(section.Facts).Append("\n\n");
            }

            if (section.Written is not null)
            {
                md.Append(section.Written).Append("\n\n");
            }

            if (section.Prompt is not null)
            {
                md.Append("> ✏️ ").Append(section.Prompt).Append("\n\n");
            }
            else if (section.Facts is null && section.Written is null)
            {
                md.Append("—\n\n");
            }
        }

        md.Append("## ").Append(T("timeline")).Append("\n\n");
        md.Append("| ").Append(T("col.time")).Append(" | ").Append(T("col.who")).Append(" | ").Append(T("col.what")).Append(" |\n|---|---|---|\n");
        foreach (var row in draft.Timeline)
        {
            var what = Cell(row.Text);
            md.Append("| ").Append(row.Local).Append(" | @").Append(Cell(row.Actor)).Append(" | ").Append(row.Key ? $"**{what}**" : what).Append(" |\n");
        }

        md.Append("\n## ").Append(T("references")).Append("\n\n");
        md.Append(draft.References.Count == 0 ? (draft.Final ? "—\n" : "> ✏️ —\n") : string.Join("", draft.References.Select(r => $"- <{r}>\n")));
        return md.ToString();
    }

    /// <summary>A section's Markdown as the dashboard shows it (people's raw HTML stays text), for the editor's preview.</summary>
    public static string Preview(string markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        return SafeMarkdown.ToHtml(markdown, Html);
    }

    public static string RenderHtml(PostmortemDraft draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var body = SafeMarkdown.ToHtml(Render(draft), Html);
        var title = System.Net.WebUtility.HtmlEncode($"{draft.Incident} {draft.Title}");
        return $$"""
            <!doctype html>
            <html lang="{{draft.Locale}}"><head><meta charset="utf-8"><title>{{title}}</title>
            <style>body{font:15px/1.5 system-ui,sans-serif;max-width:960px;margin:2em auto;padding:0 1em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;vertical-align:top}blockquote{color:#8a5a00;background:#fff8e6;margin:0;padding:4px 12px;border-left:4px solid #f0b400}</style>
            </head><body>
            {{body}}</body></html>
            """;
    }

    private static void Row(StringBuilder md, string name, string value) => md.Append("| ").Append(name).Append(" | ").Append(Cell(value)).Append(" |\n");

    /// <summary>Keeps a table cell one cell: pipes escaped, line breaks as spaces.</summary>
    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");
}
