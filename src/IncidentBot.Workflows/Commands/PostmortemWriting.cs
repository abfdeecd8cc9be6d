using IncidentBot.Workflows.Chat;
using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Incidents.Events;
using IncidentBot.Workflows.Postmortems;

namespace IncidentBot.Workflows.Commands;

/// <summary>
/// The postmortem in people's words, and a review that means something: sections written and
/// rewritten (each an event), approval only by reviewers who did not write it, as many as
/// <c>Postmortem__RequiredApprovals</c>, and no publishing while a required section is unwritten.
/// No refusal suggests a way around its rule.
/// </summary>
public static class PostmortemWriting
{
    /// <summary>Longest section text: a postmortem section, not a log dump (attach those as links).</summary>
    public const int MaxText = 20_000;

    /// <summary>A section written by <c>/incident postmortem write &lt;section&gt; &lt;text&gt;</c>, the API or the page.</summary>
    public static Decision Write(Incident incident, string section, string text, CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(context);
        var usage = "/incident postmortem write root-cause <what made this possible>";
        if (!PostmortemSections.Writable.Contains(section))
        {
            return Decision.Refuse(new Refusal($"`{Cut(section)}` is not a postmortem section; the sections are {string.Join(", ", PostmortemSections.Writable)}.", usage));
        }

        text = text.Trim();
        if (text.Length == 0)
        {
            return Decision.Refuse(new Refusal($"Write the {section} in your words after its name, or `n/a <reason>` when it does not apply.", $"/incident postmortem write {section} <text>"));
        }

        if (text.Length > MaxText)
        {
            return Decision.Refuse(new Refusal($"That is {text.Length:N0} characters; a section holds up to {MaxText:N0}. Link long logs or outputs instead of pasting them.", $"/incident postmortem write {section} <text>"));
        }

        if (PostmortemSections.NotApplicable(text) && text.TrimStart("n/aN/A".ToCharArray()).Trim(' ', ':', '-').Length == 0)
        {
            return Decision.Refuse(new Refusal($"Say why the {section} does not apply: `n/a <reason>`.", $"/incident postmortem write {section} n/a <reason>"));
        }

        if (incident.PostmortemStatus == PostmortemStatus.Published)
        {
            return Decision.Refuse(new Refusal($"{incident.Id}'s postmortem is published; what it says is final. Put what you learned since in a note.", "/incident note <text>"));
        }

        if (incident.PostmortemTexts.TryGetValue(section, out var current) && current == text)
        {
            return Decision.Answer(IncidentDecider.Aside($"The {section} already says exactly that."));
        }

        // An approval is of the text as it was read: a change sends an approved postmortem, or one with approvals, back to review.
        var (_, reopen) = Changing(incident, context, section);
        var back = reopen.Length > 0;
        IncidentEvent[] events = [new PostmortemSectionWritten { Actor = context.Actor, At = context.Now, Section = section, Text = text }, .. reopen];
        var unwritten = Remaining(incident, section);
        var said = $"@{context.Actor} wrote the postmortem's {section}." + (back ? " It changed after an approval, so it is back in review and needs approving again." : "")
            + (unwritten.Count == 0 ? " Every required section is written." : $" Still to write: {string.Join(", ", unwritten)}.");
        return Decision.Record(IncidentDecider.Said(said), events);
    }

    /// <summary>
    /// A change to what the postmortem says (a section, or the summary and impact it shows): refused
    /// once published, and sending an approved postmortem (or one with approvals) back to review.
    /// </summary>
    public static (Refusal? Refusal, IncidentEvent[] Reopen) Changing(Incident incident, CommandContext context, string what)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(context);
        if (incident.PostmortemStatus == PostmortemStatus.Published)
        {
            return (new Refusal($"{incident.Id}'s postmortem is published, and the {what} is part of it; put what you learned since in a note.", "/incident note <text>"), []);
        }

        var back = incident.PostmortemStatus == PostmortemStatus.Approved || (incident.PostmortemStatus == PostmortemStatus.InReview && incident.Approvals.Count > 0);
        return (null, back ? [new PostmortemStatusChanged { Actor = context.Actor, At = context.Now, Status = PostmortemStatus.InReview }] : []);
    }

    /// <summary>Why <paramref name="actor"/> may not approve: not a reviewer, or the author. Null when they may.</summary>
    public static Refusal? CannotApprove(Incident incident, string actor)
    {
        ArgumentNullException.ThrowIfNull(incident);
        if (PostmortemSections.Authors(incident).Contains(actor))
        {
            return new Refusal($"@{actor} had a hand in this postmortem (leading the response or writing part of it), so the approval has to come from a reviewer who did not.", "/incident postmortem");
        }

        if (!incident.Reviewers.Contains(actor, StringComparer.OrdinalIgnoreCase))
        {
            return new Refusal(incident.Reviewers.Count == 0
                ? "Nobody reviews this postmortem yet; its author names reviewers."
                : $"Only its reviewers ({string.Join(", ", incident.Reviewers.Select(r => "@" + r))}) approve the postmortem.", "/incident postmortem");
        }

        return incident.Approvals.Contains(actor, StringComparer.OrdinalIgnoreCase)
            ? new Refusal($"@{actor} has approved it already; it needs approvals from other reviewers.", "/incident postmortem")
            : null;
    }

    /// <summary>A reviewer's approval; the postmortem is approved once it has as many as required.</summary>
    public static Decision Approve(Incident incident, CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(context);
        var required = Math.Max(1, context.Postmortems.RequiredApprovals);
        var count = incident.Approvals.Count + 1;
        IncidentEvent approval = new PostmortemApproved { Actor = context.Actor, At = context.Now };
        if (count < required)
        {
            return Decision.Record(IncidentDecider.Said($"@{context.Actor} approved the postmortem ({count} of {required} approvals)."), approval);
        }

        return Decision.Record(
            IncidentDecider.Said($"@{context.Actor} approved the postmortem ({count} of {required}): postmortem in review → approved. Publish it with `/incident postmortem publish`."),
            approval,
            new PostmortemStatusChanged { Actor = context.Actor, At = context.Now, Status = PostmortemStatus.Approved });
    }

    /// <summary>Why the postmortem cannot be published yet: the required sections nobody wrote, each with its command, or facts nobody stated.</summary>
    public static Refusal? CannotPublish(Incident incident, PostmortemOptions options)
    {
        var unwritten = PostmortemSections.Unwritten(incident);
        var unknown = PostmortemRequirement.Of(incident, incident.Start, incident.FirstEntered(Phase.Reporting) ?? incident.UpdatedAt, options).Unknown;
        if (unwritten.Count == 0 && unknown.Count > 0)
        {
            return new Refusal($"The postmortem cannot be published while it does not know: {string.Join("; ", unknown)}.");
        }

        return unwritten.Count == 0 ? null : new Refusal(
            $"The postmortem cannot be published while {unwritten.Count} required section{(unwritten.Count == 1 ? " is" : "s are")} unwritten: {string.Join(", ", unwritten)}. Write each (or `n/a <reason>`):",
            [.. unwritten.Select(s => $"/incident postmortem write {s} <text>")]);
    }

    private static List<string> Remaining(Incident incident, string written) =>
        [.. PostmortemSections.Unwritten(incident).Where(s => s != written)];

    private static string Cut(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
