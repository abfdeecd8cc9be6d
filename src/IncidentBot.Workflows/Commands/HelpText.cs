using IncidentBot.Workflows.Chat;
using IncidentBot.Workflows.Language;

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
            Header = Say.T("IncidentBot commands", "IncidentBot のコマンド"),
            Text = string.Join("\n", Verbs.All.Select(v => $"`{v.Usage}` — {v.Summary}")),
            Context =
            [
                Say.T(
                    "In an incident's channel the incident is implied; elsewhere add its id anywhere: `/incident sev1 INC-0042`.",
                    "インシデントの対応チャンネルでは、そのインシデントが対象になります。それ以外の場所では、コマンドのどこかにインシデント ID を加えてください（例：`/incident sev1 INC-0042`）。"),
            ],
            Visibility = MessageVisibility.Ephemeral,
        };
    }
}
