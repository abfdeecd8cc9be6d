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
            var word = TextCut.Cut(command.Args[0].Text, 40);
            var verb = Verbs.Find(word.TrimStart('/'));
            if (verb is null)
            {
                var near = Verbs.All.Where(v => v.Aliases.Prepend(v.Name).Any(n => Verbs.EditDistance(word.ToLowerInvariant(), n) <= 2 || (word.Length >= 3 && n.StartsWith(word, StringComparison.OrdinalIgnoreCase)))).Select(v => $"`{v.Name}`").ToList();
                return new BotMessage
                {
                    Ok = false,
                    Header = "/incident help",
                    Text = near.Count > 0
                        ? Say.T($"There is no verb `{word}`. Near it: {string.Join(", ", near)}. All verbs: `/incident help`.", $"サブコマンド `{word}` はありません。近いもの：{string.Join("、", near)}。すべてのサブコマンド：`/incident help`")
                        : Say.T($"There is no verb `{word}`. All verbs: `/incident help`.", $"サブコマンド `{word}` はありません。すべてのサブコマンド：`/incident help`"),
                    Visibility = MessageVisibility.Ephemeral,
                };
            }

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
