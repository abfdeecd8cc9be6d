using IncidentBot.Workflows.Chat;
using IncidentBot.Workflows.Commands;
using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Incidents.Events;

namespace IncidentBot.Workflows.Alerts;

/// <summary>
/// Decides what incoming alerts change: only alerts that are new to the incident, or whose status
/// or start changed, are recorded, so a retried delivery records nothing. When the last firing alert
/// resolves, the room is told what it might do next; the bot closes nothing by itself.
/// </summary>
public static class AlertDecider
{

    public static Decision Receive(Incident state, IReadOnlyList<Alert> incoming, string source, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(incoming);
        var latest = new Dictionary<string, Alert>(StringComparer.Ordinal);
        foreach (var alert in incoming)
        {
            latest[alert.Fingerprint] = alert;
        }

        // New, or its status changed, or it fired again (a new start). A resolution keeps the start it resolves.
        var changed = latest.Values
            .Where(a => state.AlertFor(a.Fingerprint) is not { } known || known.Status != a.Status || (a.Status == AlertStatus.Firing && known.StartsAt != a.StartsAt))
            .Select(a => a.Status == AlertStatus.Resolved && state.AlertFor(a.Fingerprint) is { } known ? a with { StartsAt = known.StartsAt } : a)
            .ToList();
        if (changed.Count == 0)
        {
            return Decision.Answer(IncidentDecider.Aside("Nothing new in these alerts."));
        }

        var wasFiring = state.FiringAlerts > 0;
        var refired = changed.Any(a => a.Status == AlertStatus.Firing && state.AlertFor(a.Fingerprint) is { Status: AlertStatus.Resolved });
        var received = new AlertsReceived
        {
            Actor = source,
            At = now,
            Alerts = changed,
            NewNames = changed.Any(a => !state.AlertNames.Contains(a.Name)),
        };
        return Decision.Record(after => Reply(after, wasFiring, refired), received);
    }

    private static BotMessage Reply(Incident after, bool wasFiring, bool refired)
    {
        var firing = after.FiringAlerts;
        var id = after.Id;
        if (wasFiring && firing == 0)
        {
            var (advice, buttons) = after.Phase switch
            {
                Phase.Detected => ($"If it was noise, dismiss it; if users were hurt, declare it.",
                    new[] { new ChatButton("Declare", $"/incident declare {id}", ButtonStyle.Primary), new ChatButton("Dismiss", $"/incident dismiss {id} <reason>", ButtonStyle.Danger) }),
                Phase.Triage => ("It may have recovered by itself: note what you saw before the evidence is gone, then carry on or cancel it.",
                    new[] { new ChatButton("Note", $"/incident note {id} <what you saw>"), new ChatButton("Cancel", $"/incident cancel {id} <reason>", ButtonStyle.Danger) }),
                Phase.Recovering => ("If your fix did it, say what was done and verify it.",
                    new[] { new ChatButton("Mitigated", $"/incident mitigated {id} <what was done>", ButtonStyle.Primary) }),
                Phase.Verifying => ("Confirm users are fine too, then mark it verified.",
                    new[] { new ChatButton("Verified", $"/incident verified {id}", ButtonStyle.Primary) }),
                _ => ("", Array.Empty<ChatButton>()),
            };
            if (advice.Length > 0)
            {
                return new BotMessage { Incident = id, Text = $"All alerts of {id} have resolved. {advice}", Buttons = buttons };
            }
        }

        if (refired && after.Phase is Phase.Reporting)
        {
            return new BotMessage
            {
                Incident = id,
                Text = $"An alert of {id} fired again after it was resolved. If the problem is back, reopen it.",
                Buttons = [new ChatButton("Reopen", $"/incident reopen {id} <reason>", ButtonStyle.Danger)],
            };
        }

        // Alert traffic is summarised in one kept-current message; single batches are not posted.
        return IncidentDecider.Aside($"{firing} alert{(firing == 1 ? "" : "s")} firing.")(after);
    }
}
