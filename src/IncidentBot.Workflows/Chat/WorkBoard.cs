using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Incidents.Events;

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
            lines.Add($"#{claim.Number} {claim.What} — @{claim.Owner} since {Format.Clock(claim.Since, zone)}");
            buttons.Add(new ChatButton($"Done #{claim.Number}", $"/incident done #{claim.Number} {id} <what you found>", ButtonStyle.Primary));
            buttons.Add(new ChatButton($"Release #{claim.Number}", $"/incident release #{claim.Number} {id}"));
        }

        if (open.Count > MaxItems)
        {
            lines.Add($"…and {open.Count - MaxItems} more: `/incident status {id}`");
        }

        var fields = new List<MessageField>();
        if (hypotheses.Count > 0)
        {
            fields.Add(new("Open hypotheses", string.Join("\n", hypotheses.Take(MaxItems).Select(h => $"#{h.Number} {h.Text} (@{h.RaisedBy})"))));
        }

        buttons.Add(new ChatButton("Claim work", $"/incident claim {id} <what you will do>"));
        buttons.Add(new ChatButton("Add hypothesis", $"/incident hypothesis {id} <text>"));
        return new BotMessage
        {
            Incident = id,
            Header = $"Work board · {id}",
            Text = lines.Count == 0 ? "Nobody has claimed any work yet. Claim what you are about to do, so nobody does it twice." : string.Join("\n", lines),
            Fields = fields,
            Buttons = buttons,
        };
    }
}
