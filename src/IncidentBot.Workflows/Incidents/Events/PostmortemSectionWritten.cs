namespace IncidentBot.Workflows.Incidents.Events;

/// <summary>Someone wrote (or rewrote) a section of the postmortem in their own words; it supersedes the section's earlier text, which stays in the log.</summary>
public sealed record PostmortemSectionWritten : IncidentEvent
{
    /// <summary>One of <see cref="Postmortems.PostmortemSections.Writable"/>.</summary>
    public required string Section { get; init; }

    /// <summary>Markdown, or <c>n/a: reason</c> when the section does not apply.</summary>
    public required string Text { get; init; }

    public override string Kind => "postmortem-section";
}
