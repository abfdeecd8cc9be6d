namespace IncidentBot.Workflows.Postmortems;

/// <summary>
/// The postmortem draft of one incident, in seed 001's template, ready to render as Markdown, HTML or
/// JSON. <see cref="Final"/> once published: what people wrote stands, and no question is left open.
/// </summary>
public sealed record PostmortemDraft(
    string Incident,
    string Title,
    string Locale,
    string Zone,
    DateTimeOffset Created,
    DateTimeOffset PeriodStart,
    DateTimeOffset? PeriodEnd,
    string? Author,
    IReadOnlyList<string> Reviewers,
    string Status,
    string? Severity,
    PostmortemRequirement Requirement,
    IReadOnlyList<PostmortemSection> Sections,
    IReadOnlyList<PostmortemTimelineRow> Timeline,
    IReadOnlyList<string> References,
    IReadOnlyList<string> BlamelessWarnings,
    bool Final = false,
    IReadOnlyList<PostmortemFact>? Head = null);

/// <summary>A timeline row in the configured time zone.</summary>
public sealed record PostmortemTimelineRow(long Sequence, DateTimeOffset At, string Local, string Actor, string Text, bool Key);
