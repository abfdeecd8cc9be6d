using IncidentBot.Workflows.Chat;
using IncidentBot.Workflows.Commands;
using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Incidents.Events;
using IncidentBot.Workflows.Language;

namespace IncidentBot.Workflows.Alerts;

/// <summary>
/// Decides what incoming alerts change. Only news is recorded: an alert new to the incident, one that
/// resolved, or one that fired again (a later start). A repeat changes nothing, and
/// neither does a delivery older than what is known of the alert (an Alertmanager HA pair may deliver
/// out of order: a firing replayed after its resolution is not the alert coming back). Services named
/// by new alerts join the incident's. When the last firing alert resolves, and no alert was left out
/// of the delivery, the room is told what it might do next; the bot closes nothing by itself.
/// </summary>
public static class AlertDecider
{
    /// <param name="unlisted">What each sender group (Alertmanager's groupKey) left out of its latest delivery here.</param>
    public static Decision Receive(Incident state, IReadOnlyList<Alert> incoming, string source, DateTimeOffset now, AlertRules? rules = null, IReadOnlyDictionary<string, int>? unlisted = null)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(incoming);
        rules ??= new AlertRules();

        // In the order they arrived, each against what is known so far (the incident, then the earlier
        // deliveries of this batch): a resolution and an older replayed firing committed together keep
        // the resolution.
        var known = new Dictionary<string, AlertState>(StringComparer.Ordinal);
        var news = new Dictionary<string, Alert>(StringComparer.Ordinal);
        foreach (var alert in incoming)
        {
            var before = known.TryGetValue(alert.Fingerprint, out var seen) ? seen : state.AlertFor(alert.Fingerprint);
            if (!IsNews(alert, before))
            {
                continue;
            }

            var recorded = alert.Status == AlertStatus.Resolved && before is { } resolves ? alert with { StartsAt = resolves.StartsAt } : alert; // a resolution keeps the start it resolves
            news[alert.Fingerprint] = recorded;
            known[alert.Fingerprint] = new AlertState(recorded.Status, recorded.StartsAt);
        }

        var changed = news.Values.ToList();
        var unseen = (unlisted ?? new Dictionary<string, int>()).Where(u => state.UnlistedIn(u.Key) != u.Value).ToDictionary(u => u.Key, u => u.Value, StringComparer.Ordinal);
        if (changed.Count == 0 && unseen.Count == 0)
        {
            return Decision.Answer(IncidentDecider.Aside(Say.T("Nothing new in these alerts.", "これらのアラートに新しい情報はありません。")));
        }

        var wasFiring = state.FiringAlerts > 0 || state.UnlistedAlerts > 0;
        var refired = changed.Any(a => a.Status == AlertStatus.Firing && state.AlertFor(a.Fingerprint) is { Status: AlertStatus.Resolved });
        List<IncidentEvent> events =
        [
            new AlertsReceived
            {
                Actor = source,
                At = now,
                Alerts = changed,
                NewNames = changed.Any(a => !state.AlertNames.Contains(a.Name)),
                Unlisted = unseen.Count == 0 ? null : unseen,
            },
        ];
        var services = rules.ServicesOf(changed.Where(a => a.Status == AlertStatus.Firing)).Where(s => !state.Services.Contains(s, StringComparer.OrdinalIgnoreCase)).ToList();
        if (services.Count > 0)
        {
            events.Add(new DetailChanged { Actor = source, At = now, Detail = IncidentDetail.Services, Value = string.Join(", ", [.. state.Services, .. services]) });
        }

        return Decision.Record(after => Reply(after, wasFiring, refired), [.. events]);
    }

    /// <summary>
    /// A firing the incident has not seen: a new alert, or one that resolved and fires again (a later
    /// start). A known alert still firing is never new, whatever start it now carries (a Prometheus
    /// restart can give it one): it stays in its incident.
    /// </summary>
    public static bool IsNewFiring(Alert alert, AlertState? known)
    {
        ArgumentNullException.ThrowIfNull(alert);
        return alert.Status == AlertStatus.Firing && (known is null || (known.Value.Status == AlertStatus.Resolved && alert.StartsAt > known.Value.StartsAt));
    }

    /// <summary>Whether <paramref name="alert"/> tells the incident something it does not know of the alert already recorded as <paramref name="known"/>.</summary>
    public static bool IsNews(Alert alert, AlertState? known)
    {
        ArgumentNullException.ThrowIfNull(alert);
        return known switch
        {
            null => true,

            // Firing: a firing with a later start fired again in between; a resolution counts unless it
            // ended before this firing began (it resolves an earlier one, delivered late). Its start may be
            // earlier than the one recorded: Alertmanager keeps the earliest start of a Prometheus HA pair.
            { Status: AlertStatus.Firing } => alert.Status == AlertStatus.Resolved
                ? alert.EndsAt is not { } ends || ends >= known.Value.StartsAt
                : alert.StartsAt > known.Value.StartsAt,

            // Resolved: only a firing with a later start is news; the same firing replayed after its
            // resolution (the other Alertmanager of a pair, late) is not the alert coming back.
            _ => alert.Status == AlertStatus.Firing && alert.StartsAt > known.Value.StartsAt,
        };
    }

    private static BotMessage Reply(Incident after, bool wasFiring, bool refired)
    {
        var firing = after.FiringAlerts;
        var id = after.Id;
        if (wasFiring && firing == 0 && after.UnlistedAlerts == 0)
        {
            var (advice, buttons) = after.Phase switch
            {
                Phase.Detected => (Say.T("If it was noise, dismiss it; if users were hurt, declare it.",
                        "誤検知なら却下し、ユーザーに影響があったなら宣言してください。"),
                    new[] { new ChatButton(Say.T("Declare", "宣言"), $"/incident declare {id}", ButtonStyle.Primary), new ChatButton(Say.T("Dismiss", "誤検知として却下"), $"/incident dismiss {id} <reason>", ButtonStyle.Danger) }),
                Phase.Triage => (Say.T("It may have recovered by itself: note what you saw before the evidence is gone, then carry on or cancel it.",
                        "自然に回復した可能性があります。痕跡が消える前に見たことをメモに残し、対応を続けるか取り消してください。"),
                    new[] { new ChatButton(Say.T("Note", "メモ"), $"/incident note {id} <what you saw>"), new ChatButton(Say.T("Cancel", "取り消し"), $"/incident cancel {id} <reason>", ButtonStyle.Danger) }),
                Phase.Recovering => (Say.T("If your fix did it, say what was done and verify it.",
                        "対処が効いたのなら、何をしたかを記録して復旧確認に進んでください。"),
                    new[] { new ChatButton(Say.T("Mitigated", "緩和済み"), $"/incident mitigated {id} <what was done>", ButtonStyle.Primary) }),
                Phase.Verifying => (Say.T("Confirm users are fine too, then mark it verified.",
                        "ユーザーへの影響がなくなったことも確かめてから、復旧確認済みにしてください。"),
                    new[] { new ChatButton(Say.T("Verified", "復旧を確認"), $"/incident verified {id}", ButtonStyle.Primary) }),
                _ => ("", Array.Empty<ChatButton>()),
            };
            if (advice.Length > 0)
            {
                return new BotMessage { Incident = id, Text = Say.T($"All alerts of {id} have resolved. {advice}", $"{id} のアラートはすべて解決しました。{advice}"), Buttons = buttons };
            }
        }

        if (refired && after.Phase is Phase.Reporting)
        {
            return new BotMessage
            {
                Incident = id,
                Text = Say.T($"An alert of {id} fired again after it was resolved. If the problem is back, reopen it.",
                    $"{id} のアラートが、解決後に再び発火しました。問題が再発しているなら再オープンしてください。"),
                Buttons = [new ChatButton(Say.T("Reopen", "再オープン"), $"/incident reopen {id} <reason>", ButtonStyle.Danger)],
            };
        }

        // Alert traffic is summarised in one kept-current message; single batches are not posted.
        var unlisted = after.UnlistedAlerts;
        var unseen = unlisted > 0
            ? Say.T($" {unlisted} more not listed by the sender (raise Alertmanager's max_alerts to see them).", $"送信元の一覧に含まれないアラートがほかに {unlisted} 件あります（表示するには Alertmanager の max_alerts を増やしてください）。")
            : "";
        return IncidentDecider.Aside(Say.T($"{firing} alert{(firing == 1 ? "" : "s")} firing.{unseen}", $"発火中のアラート：{firing} 件。{unseen}"))(after);
    }
}
