using System.Globalization;
using IncidentBot.Workflows.Chat;
using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Incidents.Events;
using IncidentBot.Workflows.Postmortems;

namespace IncidentBot.Workflows.Commands;

/// <summary>Decides the postmortem's review (reviewer, review, approve, publish) and action items.</summary>
public static class PostmortemDecider
{
    public static Decision Reviewer(Incident incident, ParsedCommand command, CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(context);
        var users = command.Args.Select(a => Mention.Resolve(a.Text, context.Actor)).ToList();
        if (users.Count == 0 || users.Any(u => u is null))
        {
            return Decision.Refuse(command.Usage("Name the reviewers as @name or me."));
        }

        if (users.FirstOrDefault(u => PostmortemSections.Authors(incident).Contains(u!)) is { } author)
        {
            return Decision.Refuse(new Refusal($"@{author} had a hand in this postmortem (leading the response or writing part of it), and nobody reviews their own postmortem: name someone who did not.", "/incident reviewer @name"));
        }

        var added = users.Distinct(StringComparer.OrdinalIgnoreCase).Where(u => !incident.Reviewers.Contains(u!, StringComparer.OrdinalIgnoreCase))
            .Select(u => (IncidentEvent)new ReviewerAdded { Actor = context.Actor, At = context.Now, User = u! }).ToArray();
        return added.Length == 0
            ? Decision.Answer(IncidentDecider.Aside($"Already reviewing: {string.Join(", ", incident.Reviewers.Select(r => "@" + r))}."))
            : Decision.Record(IncidentDecider.Said($"Postmortem reviewers: {string.Join(", ", users.Distinct().Select(u => "@" + u))}. When the draft is ready: `/incident postmortem review`."), added);
    }

    public static Decision Postmortem(Incident incident, ParsedCommand command, CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(context);
        if (incident.Phase is not (Phase.Reporting or Phase.Closed))
        {
            return Decision.Refuse(new Refusal($"{incident.Id} is {incident.Phase.Name()}; its postmortem is reviewed once it reaches reporting.", "/incident postmortem"));
        }

        var (from, to, check) = command.Args[0].Text.ToLowerInvariant() switch
        {
            "review" => (PostmortemStatus.Draft, PostmortemStatus.InReview, incident.Reviewers.Count == 0 ? new Refusal("Name a reviewer first.", "/incident reviewer @name") : null),
            "approve" => (PostmortemStatus.InReview, PostmortemStatus.Approved, incident.PostmortemStatus == PostmortemStatus.InReview ? PostmortemWriting.CannotApprove(incident, context.Actor) : null),
            "publish" => (PostmortemStatus.Approved, PostmortemStatus.Published, incident.PostmortemStatus == PostmortemStatus.Approved ? PostmortemWriting.CannotPublish(incident, context.Postmortems) : null),
            _ => (PostmortemStatus.Draft, PostmortemStatus.Draft, command.Usage($"`{command.Args[0].Text}` is not review, approve or publish.")),
        };
        if (check is not null)
        {
            return Decision.Refuse(check);
        }

        if (incident.PostmortemStatus != from)
        {
            return Decision.Refuse(new Refusal(
                $"The postmortem is {incident.PostmortemStatus.Name()}; it goes draft → in review → approved → published.",
                incident.PostmortemStatus.NextCommand(incident.Reviewers.Count > 0)));
        }

        var text = $"@{context.Actor}: postmortem {from.Name()} → {to.Name()}.";
        if (to == PostmortemStatus.InReview)
        {
            // The review is where blame is reworded: say it now, while the authors are still writing.
            var warnings = BlamelessCheck.Find(incident.Hypotheses.Select(h => h.Text).Concat(incident.Claims.Select(c => c.Finding ?? "")), context.Postmortems.Locale);
            text += $" Reviewers: {string.Join(", ", incident.Reviewers.Select(r => "@" + r))}, read /api/incidents/{incident.Id}/postmortem?format=html and `/incident postmortem approve`."
                + string.Concat(warnings.Select(w => "\nBlameless: " + w));
        }

        if (to == PostmortemStatus.Published && context.Postmortems.PublishDirectory is not null)
        {
            text += $" Its final text goes to the publish folder as {incident.Id}.md.";
        }

        if (to == PostmortemStatus.Approved)
        {
            return PostmortemWriting.Approve(incident, context);
        }

        return Decision.Record(IncidentDecider.Said(text), new PostmortemStatusChanged { Actor = context.Actor, At = context.Now, Status = to });
    }

    public static Decision Action(Incident incident, ParsedCommand command, CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(context);
        var first = command.Args.Count > 0 && !command.Args[0].Quoted ? command.Args[0].Text.ToLowerInvariant() : "";
        if (first is "done" or "cancel")
        {
            return EndAction(incident, command, context, done: first == "done");
        }

        string? owner = null;
        DateOnly? due = null;
        var words = new List<Token>();
        for (var i = 0; i < command.Args.Count; i++)
        {
            var arg = command.Args[i];
            if (!arg.Quoted && arg.Text.Equals("due", StringComparison.OrdinalIgnoreCase) && i + 1 < command.Args.Count)
            {
                if (!DateOnly.TryParseExact(command.Args[++i].Text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                {
                    return Decision.Refuse(command.Usage($"`{command.Args[i].Text}` is not a date: write due 2026-02-01."));
                }

                due = date;
            }
            else if (owner is null && !arg.Quoted && (arg.Text.StartsWith('@') || arg.Text.Equals("me", StringComparison.OrdinalIgnoreCase)))
            {
                owner = Mention.Resolve(arg.Text, context.Actor);
            }
            else
            {
                words.Add(arg);
            }
        }

        var text = new ParsedCommand(command.Verb, null, command.Flags, words).Rest;
        if (text.Length == 0 || owner is null || due is null)
        {
            var missing = text.Length == 0 ? "what to do" : owner is null ? "an owner (@name)" : "a due date (due 2026-02-01)";
            return Decision.Refuse(command.Usage($"An action item needs {missing}."));
        }

        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(context.Now, context.Zone).DateTime);
        if (due < today)
        {
            return Decision.Refuse(command.Usage($"{due:yyyy-MM-dd} has already passed."));
        }

        var number = incident.ActionItems.Count + 1;
        return Decision.Record(
            IncidentDecider.Said($"Action #{number}: {text} — @{owner}, due {due:yyyy-MM-dd}."),
            new ActionItemAdded { Actor = context.Actor, At = context.Now, Item = number, Text = text, Owner = owner, Due = due.Value });
    }

    private static Decision EndAction(Incident incident, ParsedCommand command, CommandContext context, bool done)
    {
        var number = command.Args.Count > 1 && int.TryParse(command.Args[1].Text.TrimStart('#'), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : (int?)null;
        var item = incident.ActionItems.FirstOrDefault(a => a.Number == number);
        var note = command.JoinFrom(2);
        if (item is null)
        {
            return Decision.Refuse(new Refusal(
                incident.ActionItems.Count == 0 ? $"{incident.Id} has no action items." : $"Name the action item by number ({string.Join(", ", incident.ActionItems.Select(a => $"#{a.Number}"))}).",
                $"/incident action {(done ? "done" : "cancel")} #1"));
        }

        if (!item.IsOpen)
        {
            return Decision.Refuse(new Refusal($"Action #{item.Number} is already {(item.Done == true ? "done" : "cancelled")}.", "/incident actions"));
        }

        if (!done && note.Length == 0)
        {
            return Decision.Refuse(command.Usage("Say why the action item is cancelled."));
        }

        return Decision.Record(
            IncidentDecider.Said($"@{context.Actor}: action #{item.Number} {(done ? "done" : "cancelled")}{(note.Length == 0 ? "" : ": " + note)}."),
            new ActionItemEnded { Actor = context.Actor, At = context.Now, Item = item.Number, Done = done, Note = note.Length == 0 ? null : note });
    }

    /// <summary>Open action items across incidents, overdue first.</summary>
    public static BotMessage OpenActions(IEnumerable<Incident> incidents, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(incidents);
        var open = incidents.SelectMany(i => i.ActionItems.Where(a => a.IsOpen).Select(a => (Incident: i.Id, Item: a)))
            .OrderBy(x => x.Item.Due).ThenBy(x => x.Incident.Number).ToList();
        return new BotMessage
        {
            Header = "Open action items",
            Text = open.Count == 0
                ? "No open action items."
                : string.Join("\n", open.Select(x => $"{(x.Item.Due < today ? "OVERDUE " : "")}{x.Incident} #{x.Item.Number} {x.Item.Text} — @{x.Item.Owner}, due {x.Item.Due:yyyy-MM-dd}")),
            Visibility = MessageVisibility.Ephemeral,
        };
    }
}
