using IncidentBot.Workflows.Chat;
using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Incidents.Events;
using IncidentBot.Workflows.Lifecycle;
using IncidentBot.Workflows.Postmortems;

namespace IncidentBot.Workflows.Commands;

/// <summary>
/// Decides what a command does to one incident: lifecycle triggers, severity, details and roles.
/// Work on the board (claims, hypotheses, notes) is decided by <see cref="WorkDecider"/>.
/// </summary>
public static class IncidentDecider
{
    public static Decision Decide(Incident incident, ParsedCommand command, CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(context);
        if (incident.Phase.IsFinished() && command.Verb.Name is not ("note" or "correct" or "action"))
        {
            return Decision.Refuse(new Refusal(
                $"{incident.Id} is {incident.Phase.Name()}; only notes, corrections and action items can still be added to it.",
                $"/incident note {incident.Id} <text>", "/incident start <title>"));
        }

        return command.Verb.Name switch
        {
            "declare" => Fire(incident, Trigger.Declare, context, null),
            "dismiss" => Fire(incident, Trigger.Dismiss, context, command.Rest),
            "cancel" => Fire(incident, Trigger.Cancel, context, command.Rest),
            "recover" => Fire(incident, Trigger.StartRecovery, context, null),
            "mitigated" => Fire(incident, Trigger.Mitigated, context, command.Rest),
            "verified" => Fire(incident, Trigger.Verified, context, command.Rest),
            "verify-failed" => Fire(incident, Trigger.VerificationFailed, context, command.Rest),
            "resolve" => Fire(incident, Trigger.Resolve, context, command.Rest),
            "reopen" => Fire(incident, Trigger.Reopen, context, command.Rest),
            "close" => Close(incident, command, context),
            "sev" => ChangeSeverity(incident, command, context),
            "title" => ChangeDetail(incident, command, context, IncidentDetail.Title),
            "summary" => ChangeDetail(incident, command, context, IncidentDetail.Summary),
            "impact" => FactsDecider.Impact(incident, command, context),
            "detected-by" => FactsDecider.DetectedBy(command, context),
            "services" => ChangeDetail(incident, command, context, IncidentDetail.Services),
            "role" => AssignRole(incident, command, context),
            "flag" => Flag(command, context),
            "reviewer" => PostmortemDecider.Reviewer(incident, command, context),
            "postmortem" => PostmortemDecider.Postmortem(incident, command, context),
            "action" => PostmortemDecider.Action(incident, command, context),
            "runbook" => RunbookDecider.Runbook(incident, command, context),
            "step" => RunbookDecider.Step(incident, command, context),
            "check" => VerificationDecider.Check(incident, command, context),
            _ => WorkDecider.Decide(incident, command, context),
        };
    }

    /// <summary>A reply that says what happened, under the card's header, with the next buttons and prompts.</summary>
    public static Func<Incident, BotMessage> Said(string text) => incident => new BotMessage
    {
        Incident = incident.Id,
        Header = IncidentCard.Header(incident),
        Text = text,
        Buttons = IncidentCard.Buttons(incident),
        Context = IncidentCard.Prompts(incident),
    };

    /// <summary>A reply only the typist sees: nothing changed for the room.</summary>
    public static Func<Incident, BotMessage> Aside(string text) => incident => new BotMessage
    {
        Incident = incident.Id,
        Header = IncidentCard.Header(incident),
        Text = text,
        Visibility = MessageVisibility.Ephemeral,
    };

    private static Decision Fire(Incident incident, Trigger trigger, CommandContext context, string? reason)
    {
        reason = string.IsNullOrWhiteSpace(reason) ? null : reason;
        var (transition, refusal) = IncidentLifecycle.Check(incident, trigger, new TriggerRequest(context.Actor, reason));
        if (refusal is not null)
        {
            return Decision.Refuse(refusal);
        }

        var changed = new PhaseChanged
        {
            Actor = context.Actor,
            At = context.Now,
            Trigger = trigger,
            From = transition!.From,
            To = transition.To,
            Reason = reason,
        };
        var because = reason is null ? "" : $": {reason}";
        return Decision.Record(Said($"@{context.Actor}: {transition.From.Name()} → {transition.To.Name()}{because}"), changed);
    }

    private static Decision Close(Incident incident, ParsedCommand command, CommandContext context)
    {
        if (!command.Has("no-postmortem"))
        {
            if (incident.Phase == Phase.Reporting && incident.PostmortemStatus != PostmortemStatus.Published && incident.PostmortemWaivedReason is null)
            {
                // The bot may judge a postmortem unnecessary by seed 001's criteria, and says so on the record.
                var requirement = PostmortemRequirement.Of(incident, incident.Start, incident.FirstEntered(Phase.Reporting) ?? context.Now, context.Postmortems);
                if (!requirement.Required && requirement.Unknown.Count > 0)
                {
                    // Whether one is required depends on facts nobody stated: ask, never decide on a guess.
                    return Decision.Refuse(new Refusal(
                        $"Whether {incident.Id} needs a postmortem depends on what nobody has said yet: {string.Join("; ", requirement.Unknown)}.",
                        "/incident impact <what users saw> --from 12:05 --to 12:45", "/incident detected-by monitoring|person|customer|provider <how>"));
                }

                if (!requirement.Required)
                {
                    return Waive(incident, context, "not required: " + string.Join("; ", requirement.Reasons));
                }
            }

            return Fire(incident, Trigger.Close, context, null);
        }

        var reason = command.Rest;
        if (reason.Length == 0)
        {
            return Decision.Refuse(command.Usage("Say why no postmortem is required."));
        }

        return Waive(incident, context, reason);
    }

    private static Decision Waive(Incident incident, CommandContext context, string reason)
    {
        var (_, refusal) = IncidentLifecycle.Check(incident, Trigger.Close, new TriggerRequest(context.Actor, reason));
        if (refusal is not null)
        {
            return Decision.Refuse(refusal);
        }

        return Decision.Record(
            Said($"@{context.Actor} closed {incident.Id}; no postmortem: {reason}"),
            new PostmortemWaived { Actor = context.Actor, At = context.Now, Reason = reason },
            new PhaseChanged { Actor = context.Actor, At = context.Now, Trigger = Trigger.Close, From = incident.Phase, To = Phase.Closed, Reason = reason });
    }

    private static Decision Flag(ParsedCommand command, CommandContext context)
    {
        var flag = command.Args.Count == 0 ? null : command.Args[0].Text.ToLowerInvariant() switch
        {
            "data-loss" or "dataloss" or "data" => IncidentFlag.DataLoss,
            "manual" or "manual-intervention" or "rollback" or "data-patch" => IncidentFlag.ManualIntervention,
            _ => (IncidentFlag?)null,
        };
        var note = command.JoinFrom(1);
        if (flag is null || note.Length == 0)
        {
            return Decision.Refuse(command.Usage(flag is null ? "Say data-loss or manual." : "Say what happened, for the postmortem."));
        }

        var what = flag == IncidentFlag.DataLoss ? "data loss" : "a manual intervention";
        return Decision.Record(
            Said($"@{context.Actor} recorded {what}: {note}. A postmortem is required."),
            new FlagRaised { Actor = context.Actor, At = context.Now, Flag = flag.Value, Note = note });
    }

    private static Decision ChangeSeverity(Incident incident, ParsedCommand command, CommandContext context)
    {
        if (command.Args.Count != 1 || !SeverityText.TryParse(command.Args[0].Text, out var severity))
        {
            return Decision.Refuse(command.Usage("Severity is 1 (users cannot use the product) to 4 (minor)."));
        }

        if (incident.Severity == severity)
        {
            return Decision.Answer(Aside($"{incident.Id} is already {severity.Label()}."));
        }

        var from = incident.Severity is { } old ? $" (was {old.Label()})" : "";
        return Decision.Record(
            Said($"@{context.Actor} set severity {severity.Label()}{from}."),
            new SeverityChanged { Actor = context.Actor, At = context.Now, From = incident.Severity, To = severity });
    }

    private static Decision ChangeDetail(Incident incident, ParsedCommand command, CommandContext context, IncidentDetail detail)
    {
        var value = command.Rest;
        if (value.Length == 0)
        {
            return Decision.Refuse(command.Usage($"The {detail.ToString().ToLowerInvariant()} is missing."));
        }

        if (detail == IncidentDetail.Title && value.Length > IncidentOpening.MaxTitleLength)
        {
            return Decision.Refuse(IncidentOpening.TitleTooLong(command, value));
        }

        if (detail == IncidentDetail.Services)
        {
            value = string.Join(", ", value.Split([',', ' ', '、'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }

        var (refusal, reopen) = detail == IncidentDetail.Summary ? PostmortemWriting.Changing(incident, context, "summary") : (null, []);
        if (refusal is not null)
        {
            return Decision.Refuse(refusal);
        }

        return Decision.Record(
            Said($"@{context.Actor} set the {detail.ToString().ToLowerInvariant()}: {value}{(reopen.Length > 0 ? " The postmortem shows it, so it is back in review." : "")}"),
            [new DetailChanged { Actor = context.Actor, At = context.Now, Detail = detail, Value = value }, .. reopen]);
    }

    private static Decision AssignRole(Incident incident, ParsedCommand command, CommandContext context)
    {
        if (command.Args.Count != 2 || !RoleText.TryParse(command.Args[0].Text, out var role))
        {
            return Decision.Refuse(command.Usage("Name a role and a person."));
        }

        var who = command.Args[1].Text;
        var current = incident.Holder(role);
        if (who.Equals("none", StringComparison.OrdinalIgnoreCase) && role != Role.Investigator)
        {
            return current is null
                ? Decision.Answer(Aside($"Nobody is {role.Name()} of {incident.Id}."))
                : Decision.Record(Said($"@{context.Actor} took the {role.Name()} role from @{current}; nobody holds it now."),
                    new RoleVacated { Actor = context.Actor, At = context.Now, Role = role, User = current });
        }

        var user = Mention.Resolve(who, context.Actor);
        if (user is null)
        {
            return Decision.Refuse(command.Usage($"`{who}` is not a person: write @name or me."));
        }

        if (role == Role.Investigator)
        {
            return Investigator(incident, command, context, user);
        }

        if (string.Equals(current, user, StringComparison.OrdinalIgnoreCase))
        {
            return Decision.Answer(Aside($"@{user} is already {role.Name()} of {incident.Id}."));
        }

        var text = current is null
            ? $"@{user} is now {role.Name()}."
            : $"{role.Name()} handed over from @{current} to @{user}.";
        return Decision.Record(Said(text), new RoleAssigned { Actor = context.Actor, At = context.Now, Role = role, User = user, Previous = current });
    }

    private static Decision Investigator(Incident incident, ParsedCommand command, CommandContext context, string user)
    {
        var already = incident.Investigators.Contains(user, StringComparer.OrdinalIgnoreCase);
        if (command.Has("remove"))
        {
            return already
                ? Decision.Record(Said($"@{user} is no longer investigating."), new RoleVacated { Actor = context.Actor, At = context.Now, Role = Role.Investigator, User = user })
                : Decision.Answer(Aside($"@{user} is not an investigator of {incident.Id}."));
        }

        return already
            ? Decision.Answer(Aside($"@{user} is already investigating {incident.Id}."))
            : Decision.Record(Said($"@{user} is investigating."), new RoleAssigned { Actor = context.Actor, At = context.Now, Role = Role.Investigator, User = user });
    }
}
