namespace IncidentBot.Workflows.Postmortems;

/// <summary>Seed 001's thresholds for a required postmortem, and the language and zone the draft is written in.</summary>
public sealed record PostmortemOptions
{
    public string Locale { get; init; } = "en";
    public TimeZoneInfo Zone { get; init; } = TimeZoneInfo.Utc;

    /// <summary>User-visible impact longer than this requires a postmortem.</summary>
    public TimeSpan Downtime { get; init; } = TimeSpan.FromMinutes(20);

    /// <summary>Resolution taking longer than this requires a postmortem.</summary>
    public TimeSpan Resolution { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Approvals, from reviewers other than the author, that a postmortem needs before it can be published.</summary>
    public int RequiredApprovals { get; init; } = 1;

    /// <summary>Where published postmortems are written as Markdown (one <c>INC-0042.md</c> each); none when null.</summary>
    public string? PublishDirectory { get; init; }
}
