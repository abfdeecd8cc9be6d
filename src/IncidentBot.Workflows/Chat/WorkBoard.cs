using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Incidents.Events;
using IncidentBot.Workflows.Language;

namespace IncidentBot.Workflows.Chat;

/// <summary>
/// The room's work board as one message: who is doing what, the open hypotheses, and buttons to
/// claim, release and finish work, so nobody does the same thing twice.
/// </summary>
public static class WorkBoard
{
    /// <summary>Items beyond this are summarised, so the message stays within a chat message's limits.</summary>
    private const int MaxItems = 15;

    public static BotMessage Render(Incident incident, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(incident);
        var id = incident.Id;
        var open = incident.Claims.Where(c => c.IsOpen).OrderBy(c => c.Number).ToList();
        var hypotheses = incident.Hypotheses.Where(h => h.Verdict == HypothesisVerdict.Open).ToList();
        var lines = new List<string>();
        var buttons = new List<ChatButton>();
        foreach (var claim in open.Take(MaxItems))
        {
            lines.Add(Line(claim, zone));
            buttons.Add(new ChatButton(Say.T($"Done #{claim.Number}", $"#{claim.Number} を完了"), $"/incident done #{claim.Number} {id} <what you found>", ButtonStyle.Primary));
            buttons.Add(new ChatButton(Say.T($"Release #{claim.Number}", $"#{claim.Number} を手放す"), $"/incident release #{claim.Number} {id}"));
        }

        if (open.Count > MaxItems)
        {
            lines.Add(Say.T($"…and {open.Count - MaxItems} more: `/incident status {id}`", $"…ほか {open.Count - MaxItems} 件：`/incident status {id}`"));
        }

        var fields = new List<MessageField>();
        if (hypotheses.Count > 0)
        {
            fields.Add(new(Say.T("Open hypotheses", "未検証の仮説"), string.Join("\n", hypotheses.Take(MaxItems).Select(h => $"#{h.Number} {h.Text} (@{h.RaisedBy})"))));
        }

        buttons.Add(new ChatButton(Say.T("Claim work", "作業を引き受ける"), $"/incident claim {id} <what you will do>"));
        buttons.Add(new ChatButton(Say.T("Add hypothesis", "仮説を追加"), $"/incident hypothesis {id} <text>"));
        return new BotMessage
        {
            Incident = id,
            Header = Say.T($"Work board · {id}", $"担当作業 · {id}"),
            Text = lines.Count == 0
                ? Say.T("Nobody has claimed any work yet. Claim what you are about to do, so nobody does it twice.", "まだ誰も作業を引き受けていません。同じ作業が重ならないよう、これから行う作業を登録してください。")
                : string.Join("\n", lines),
            Fields = fields,
            Buttons = buttons,
        };
    }

    /// <summary>One open claim: <c>#3 check the pool — @bob since 12:05</c>.</summary>
    public static string Line(Claim claim, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(claim);
        var since = Format.Clock(claim.Since, zone);
        return Say.T($"#{claim.Number} {claim.What} — @{claim.Owner} since {since}", $"#{claim.Number} {claim.What} — @{claim.Owner}（{since} から）");
    }
}
