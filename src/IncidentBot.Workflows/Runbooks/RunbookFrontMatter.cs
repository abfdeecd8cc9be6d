namespace IncidentBot.Workflows.Runbooks;

/// <summary>The YAML front matter as written; <see cref="RunbookParser"/> checks it and turns it into a <see cref="Runbook"/>.</summary>
internal sealed class RunbookFrontMatter
{
    public string? Id { get; set; }
    public string? Title { get; set; }
    public string? Summary { get; set; }
    public List<string>? Services { get; set; }
    public MatchSection? Match { get; set; }
    public string? Severity { get; set; }
    public List<string>? Verify { get; set; }

    internal sealed class MatchSection
    {
        public List<string>? Alerts { get; set; }
        public Dictionary<string, string>? Labels { get; set; }
        public List<string>? Keywords { get; set; }
    }
}
