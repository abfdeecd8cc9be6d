namespace IncidentBot.Tickets;

/// <summary><c>Tickets__…</c>: where action items are filed as tickets, if anywhere.</summary>
public sealed class TicketOptions
{
    /// <summary><c>github</c> or <c>jira</c>; unset: action items stay in the bot.</summary>
    public string? Provider { get; set; }

    /// <summary>How often the tickets of open action items are read back (a closed ticket finishes its action item).</summary>
    public double PollSeconds { get; set; } = 300;

    public GitHubTicketOptions GitHub { get; set; } = new();

    public JiraTicketOptions Jira { get; set; } = new();
}

public sealed class GitHubTicketOptions
{
    public Uri ApiUrl { get; set; } = new("https://api.github.com/");

    /// <summary><c>owner/name</c>.</summary>
    public string? Repository { get; set; }

    /// <summary>A fine-grained token with Issues read and write on the repository.</summary>
    public string? Token { get; set; }
}

public sealed class JiraTicketOptions
{
    /// <summary><c>https://your-site.atlassian.net/</c>.</summary>
    public Uri? BaseUrl { get; set; }

    public string? Email { get; set; }

    /// <summary>An API token of <see cref="Email"/>'s account (id.atlassian.com → Security → API tokens).</summary>
    public string? ApiToken { get; set; }

    /// <summary>The project key, e.g. <c>OPS</c>.</summary>
    public string? Project { get; set; }

    public string IssueType { get; set; } = "Task";
}
