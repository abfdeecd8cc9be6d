using IncidentBot.Workflows.Chat;

namespace IncidentBot.Workflows.Commands;

public static class HelpText
{
    public static BotMessage For(ParsedCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (command.Args.Count > 0)
        {
            var verb = Verbs.Find(command.Args[0].Text) ?? Verbs.Closest(command.Args[0].Text);
            return new BotMessage
            {
                Header = $"/incident {verb.Name}",
                Text = $"`{verb.Usage}`\n{verb.Summary}",
                Visibility = MessageVisibility.Ephemeral,
            };
        }

        return new BotMessage
        {
            Header = "IncidentBot commands",
            Text = string.Join("\n", Verbs.All.Select(v => $"`{v.Usage}` — {v.Summary}")),
            Context = ["In an incident's channel the incident is implied; elsewhere add its id anywhere: `/incident sev1 INC-0042`."],
            Visibility = MessageVisibility.Ephemeral,
        };
    }
}
