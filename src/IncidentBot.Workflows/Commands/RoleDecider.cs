using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Incidents.Events;
using IncidentBot.Workflows.Language;

namespace IncidentBot.Workflows.Commands;

/// <summary>Decides <c>/incident role</c>: giving a role, handing it over, vacating it, and the investigators.</summary>
public static class RoleDecider
{
    public static Decision Assign(Incident incident, ParsedCommand command, CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(context);
        if (command.Args.Count >= 1 && !RoleText.TryParse(command.Args[0].Text, out _))
        {
            var word = Chat.TextCut.Cut(command.Args[0].Text, 40);
            return Decision.Refuse(command.Usage(Say.T(
                $"`{word}` is not a role: the roles are commander, comms, scribe and investigator.",
                $"`{word}` という役割はありません。役割は commander、comms、scribe、investigator です。")));
        }

        if (command.Args.Count != 2 || !RoleText.TryParse(command.Args[0].Text, out var role))
        {
            return Decision.Refuse(command.Usage(Say.T("Name a role and a person.", "役割と担当者を指定してください。")));
        }

        var who = command.Args[1].Text;
        var current = incident.Holder(role);
        if (who.Equals("none", StringComparison.OrdinalIgnoreCase) && role != Role.Investigator)
        {
            return current is null
                ? Decision.Answer(IncidentDecider.Aside(Say.T($"Nobody is {role.Name()} of {incident.Id}.", $"{incident.Id} の{role.Label()}はいません。")))
                : Decision.Record(
                    IncidentDecider.Said(Say.T(
                        $"@{context.Actor} took the {role.Name()} role from @{current}; nobody holds it now.",
                        $"@{context.Actor} が @{current} を{role.Label()}から外しました。現在この役割の担当者はいません。")),
                    new RoleVacated { Actor = context.Actor, At = context.Now, Role = role, User = current });
        }

        var user = Mention.Resolve(who, context.Actor);
        if (user is null)
        {
            return Decision.Refuse(command.Usage(Say.T($"`{who}` is not a person: write @name or me.", $"`{who}` は人を指していません。@name か me で指定してください。")));
        }

        if (role == Role.Investigator)
        {
            return Investigator(incident, command, context, user);
        }

        if (string.Equals(current, user, StringComparison.OrdinalIgnoreCase))
        {
            return Decision.Answer(IncidentDecider.Aside(Say.T($"@{user} is already {role.Name()} of {incident.Id}.", $"@{user} はすでに {incident.Id} の{role.Label()}です。")));
        }

        var text = current is null
            ? Say.T($"@{user} is now {role.Name()}.", $"@{user} が{role.Label()}になりました。")
            : Say.T($"{role.Name()} handed over from @{current} to @{user}.", $"{role.Label()}を @{current} から @{user} に引き継ぎました。");
        return Decision.Record(IncidentDecider.Said(text), new RoleAssigned { Actor = context.Actor, At = context.Now, Role = role, User = user, Previous = current });
    }

    private static Decision Investigator(Incident incident, ParsedCommand command, CommandContext context, string user)
    {
        var already = incident.Investigators.Contains(user, StringComparer.OrdinalIgnoreCase);
        if (command.Has("remove"))
        {
            return already
                ? Decision.Record(IncidentDecider.Said(Say.T($"@{user} is no longer investigating.", $"@{user} が調査担当から外れました。")), new RoleVacated { Actor = context.Actor, At = context.Now, Role = Role.Investigator, User = user })
                : Decision.Answer(IncidentDecider.Aside(Say.T($"@{user} is not an investigator of {incident.Id}.", $"@{user} は {incident.Id} の調査担当ではありません。")));
        }

        return already
            ? Decision.Answer(IncidentDecider.Aside(Say.T($"@{user} is already investigating {incident.Id}.", $"@{user} はすでに {incident.Id} の調査担当です。")))
            : Decision.Record(IncidentDecider.Said(Say.T($"@{user} is investigating.", $"@{user} が調査担当になりました。")), new RoleAssigned { Actor = context.Actor, At = context.Now, Role = Role.Investigator, User = user });
    }
}
