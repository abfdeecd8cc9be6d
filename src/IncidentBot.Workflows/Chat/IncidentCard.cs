using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Language;
using IncidentBot.Workflows.Lifecycle;
using IncidentBot.Workflows.Timeline;

namespace IncidentBot.Workflows.Chat;

/// <summary>The incident card: what it is, who does what, what is still needed, and buttons for what can happen next.</summary>
public static class IncidentCard
{
    public static string Header(Incident incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        var severity = incident.Severity?.Label() ?? "SEV?";
        return $"{incident.Id} · {severity} · {incident.Phase.Label()} · {incident.Title}";
    }

    public static BotMessage Render(Incident incident, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(incident);
        var fields = new List<MessageField>
        {
            new(Say.T("Phase", "フェーズ"), incident.Phase.Label()),
            new(Say.T("Severity", "重要度"), incident.Severity?.Label() ?? Say.T("not set", "未設定")),
            new(Say.T("Commander", "インシデントコマンダー"), Person(incident.Commander)),
            new(Say.T("Comms", "連絡担当"), Person(incident.Communications)),
            new(Say.T("Scribe", "記録担当"), Person(incident.Scribe)),
            new(Say.T("Investigators", "調査担当"), incident.Investigators.Count == 0 ? Say.T("none", "なし") : string.Join(Say.T(", ", "、"), incident.Investigators.Select(i => "@" + i))),
            new(Say.T("Impact", "影響"), incident.Impact ?? Say.T("not recorded", "未記録")),
            new(Say.T("Services", "サービス"), incident.Services.Count == 0 ? Say.T("not set", "未設定") : string.Join(Say.T(", ", "、"), incident.Services)),
            new(Say.T("Opened", "開始"), Opened(incident, zone)),
        };
        if (incident.FirstAlert is not null)
        {
            fields.Add(new(Say.T("Alerts", "アラート"), AlertsField(incident, zone)));
        }

        var open = incident.Claims.Where(c => c.IsOpen).ToList();
        if (open.Count > 0)
        {
            fields.Add(new(Say.T("Work board", "担当作業"), string.Join("\n", open.Select(c => WorkBoard.Line(c, zone)))));
        }

        var hypotheses = incident.Hypotheses;
        if (hypotheses.Count > 0)
        {
            fields.Add(new(Say.T("Hypotheses", "仮説"), string.Join("\n", hypotheses.Select(h => $"#{h.Number} {h.Text} — {Verdict(h)}"))));
        }

        var durations = PhaseDurations.Of(incident);
        var timings = new[]
        {
            (new Words("acknowledged", "宣言"), durations.ToAcknowledge),
            (new Words("mitigated", "緩和"), durations.ToMitigate),
            (new Words("resolved", "解決"), durations.ToResolve),
            (new Words("closed", "クローズ"), durations.ToClose),
        }.Where(t => t.Item2 is not null).Select(t => Say.T($"{t.Item1} after {Format.Duration(t.Item2!.Value)}", $"{t.Item1}まで {Format.Duration(t.Item2!.Value)}")).ToList();
        if (timings.Count > 0)
        {
            fields.Add(new(Say.T("Timings", "所要時間"), string.Join(Say.T(", ", "、"), timings)));
        }

        return new BotMessage
        {
            Incident = incident.Id,
            Header = Header(incident),
            Text = incident.Summary ?? Say.T("No summary yet: `/incident summary <text>`.", "まだ概要がありません。`/incident summary <text>` で書けます。"),
            Fields = fields,
            Buttons = Buttons(incident),
            Context = Prompts(incident),
            Links = FirstFiring(incident) is { } alert ? [.. AlertText.ChatLinks(alert)] : [],
        };
    }

    /// <summary>When and by whom it was opened, and from where (a person, or an alert source).</summary>
    private static string Opened(Incident incident, TimeZoneInfo zone)
    {
        var at = Format.DateTime(incident.OpenedAt, zone);
        var source = EventWords.Detection(incident.DetectionSource);
        return Say.T($"{at} by @{incident.OpenedBy} ({source})", $"{at} に @{incident.OpenedBy} が開始（{source}）");
    }

    /// <summary>What the alerts say: the first firing one in full (its words, labels and links), then how many more.</summary>
    private static string AlertsField(Incident incident, TimeZoneInfo zone)
    {
        var shown = FirstFiring(incident)!;
        var lines = new List<string> { AlertText.Line(shown, zone) };
        if (AlertText.Labels(shown) is { Length: > 0 } labels)
        {
            lines.Add(labels);
        }

        var more = new List<string>();
        if (incident.FiringAlerts > (shown.Status == Alerts.AlertStatus.Firing ? 1 : 0))
        {
            more.Add(Say.T($"{incident.FiringAlerts} firing", $"発火中 {incident.FiringAlerts} 件"));
        }

        if (incident.AlertCount > incident.FiringAlerts)
        {
            more.Add(Say.T($"{incident.AlertCount - incident.FiringAlerts} resolved", $"解決済み {incident.AlertCount - incident.FiringAlerts} 件"));
        }

        if (incident.UnlistedAlerts > 0)
        {
            more.Add(Say.T($"{incident.UnlistedAlerts} not listed by Alertmanager", $"Alertmanager の一覧に含まれないもの {incident.UnlistedAlerts} 件"));
        }

        if (more.Count > 0)
        {
            lines.Add(string.Join(" · ", more));
        }

        return string.Join("\n", lines);
    }

    /// <summary>The alert the card shows: the first still firing, else the first that fired.</summary>
    private static Alerts.Alert? FirstFiring(Incident incident) =>
        incident.AlertSamples.Where(a => a.Status == Alerts.AlertStatus.Firing).OrderBy(a => a.StartsAt).FirstOrDefault() ?? incident.FirstAlert;

    /// <summary>
    /// One button for each trigger the current phase permits and its guard would let through (the
    /// words a button asks for taken as given), plus taking command when nobody has. What is missing
    /// for the others is in <see cref="Prompts"/>, so no button leads to a refusal.
    /// </summary>
    public static IReadOnlyList<ChatButton> Buttons(Incident incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        var buttons = new List<ChatButton>();
        if (incident.Commander is null && !incident.Phase.IsFinished())
        {
            buttons.Add(new ChatButton(Say.T("I'll take commander", "インシデントコマンダーを引き受ける"), $"/incident role commander me {incident.Id}", ButtonStyle.Primary));
        }

        foreach (var transition in IncidentLifecycle.Permitted(incident.Phase))
        {
            var style = transition.To is Phase.Dismissed or Phase.Cancelled ? ButtonStyle.Danger : ButtonStyle.Default;
            if (transition.Trigger == Trigger.Close)
            {
                buttons.Add(CloseButton(incident));
            }
            else if (transition.Guard(incident, new TriggerRequest(incident.Commander ?? "", transition.Command.Contains('<', StringComparison.Ordinal) ? "given" : null)) is null)
            {
                buttons.Add(new ChatButton(transition.Label, WithId(transition.Command, incident.Id), style));
            }
        }

        return buttons;
    }

    /// <summary>Close outright once the postmortem is published or waived; until then, only with the reason none is needed.</summary>
    private static ChatButton CloseButton(Incident incident) =>
        incident.PostmortemStatus == Incidents.Events.PostmortemStatus.Published || incident.PostmortemWaivedReason is not null
            ? new ChatButton(Say.T("Close", "クローズ"), $"/incident close {incident.Id}")
            : new ChatButton(Say.T("Close without postmortem", "ポストモーテムなしでクローズ"), WithId("/incident close --no-postmortem <reason>", incident.Id));

    /// <summary>What the current phase still asks for, as the commands that supply it.</summary>
    public static IReadOnlyList<string> Prompts(Incident incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        var prompts = new List<string>();
        switch (incident.Phase)
        {
            case Phase.Detected:
                prompts.Add(Say.T("Nobody has declared this yet: `/incident declare` if it is real, `/incident dismiss <reason>` if not.",
                    "まだ誰も宣言していません。本当のインシデントなら `/incident declare`、そうでなければ `/incident dismiss <reason>` を実行してください。"));
                break;
            case Phase.Triage:
                if (incident.Commander is null)
                {
                    prompts.Add(Say.T("Who commands? `/incident role commander me`", "インシデントコマンダーは誰ですか。`/incident role commander me`"));
                }

                if (incident.Severity is null)
                {
                    prompts.Add(Say.T("How bad is it? `/incident sev <1-4>`", "重要度はどれくらいですか。`/incident sev <1-4>`"));
                }

                if (incident.Impact is null)
                {
                    prompts.Add(Say.T("What do users see? `/incident impact <text>`", "ユーザーにはどのような影響が出ていますか。`/incident impact <text>`"));
                }

                if (incident.Commander is not null && incident.Severity is not null)
                {
                    prompts.Add(Say.T("Ready to work on it: `/incident recover`", "復旧対応を始められます：`/incident recover`"));
                }

                break;
            case Phase.Recovering:
                prompts.Add(Say.T("Claim work before you start it: `/incident claim <what>`. When the fix is in: `/incident mitigated <what was done>`.",
                    "作業を始める前に担当作業として登録してください：`/incident claim <what>`。対処が済んだら `/incident mitigated <what was done>` を実行してください。"));
                break;
            case Phase.Verifying:
                var checks = incident.ActiveChecks.ToList();
                if (checks.Count > 0)
                {
                    var passing = checks.Count(c => c.Outcome == Verification.CheckOutcome.Passing);
                    prompts.Add(Say.T($"Verification checks: {passing} of {checks.Count} passing (`/incident check`).", $"確認項目：{checks.Count} 件中 {passing} 件が合格（`/incident check`）。"));
                }

                prompts.Add(Say.T("Check that users are fine, then `/incident verified`; if not, `/incident verify-failed <what is still wrong>`.",
                    "ユーザーへの影響がなくなったことを確かめてから `/incident verified` を実行してください。まだ問題があれば `/incident verify-failed <what is still wrong>` を実行してください。"));
                break;
            case Phase.Reporting:
                prompts.Add(incident.PostmortemStatus switch
                {
                    Incidents.Events.PostmortemStatus.Published => Say.T("The postmortem is published: `/incident close`.",
                        "ポストモーテムは公開済みです。`/incident close` でクローズしてください。"),
                    Incidents.Events.PostmortemStatus.Approved => Say.T("The postmortem is approved: `/incident postmortem publish`, then `/incident close`.",
                        "ポストモーテムは承認済みです。`/incident postmortem publish` で公開してから、`/incident close` でクローズしてください。"),
                    Incidents.Events.PostmortemStatus.InReview => Say.T("The postmortem is in review: reviewers `/incident postmortem approve`.",
                        "ポストモーテムはレビュー中です。レビュアーは `/incident postmortem approve` で承認してください。"),
                    _ => Say.T("Write the postmortem (`/incident postmortem`), name reviewers (`/incident reviewer @name`) and add action items (`/incident action <what> @owner due <date>`); `/incident close` once it is published or not required.",
                        "ポストモーテムを書き（`/incident postmortem`）、レビュアーを指名し（`/incident reviewer @name`）、アクションアイテムを追加してください（`/incident action <what> @owner due <date>`）。公開するか、不要と決まったら `/incident close` でクローズします。"),
                });
                break;
        }

        return prompts;
    }

    private static string WithId(string command, IncidentId id)
    {
        var placeholder = command.IndexOf(" <", StringComparison.Ordinal);
        return placeholder < 0 ? $"{command} {id}" : $"{command[..placeholder]} {id}{command[placeholder..]}";
    }

    private static string Person(string? user) => user is null ? Say.T("nobody yet", "未割り当て") : "@" + user;

    private static string Verdict(Hypothesis h) => h.Verdict switch
    {
        Incidents.Events.HypothesisVerdict.Confirmed => Say.T($"confirmed by @{h.TestedBy}: {h.Evidence}", $"裏付けあり（@{h.TestedBy}）：{h.Evidence}"),
        Incidents.Events.HypothesisVerdict.RuledOut => Say.T($"ruled out by @{h.TestedBy}: {h.Evidence}", $"否定（@{h.TestedBy}）：{h.Evidence}"),
        _ => Say.T($"open (@{h.RaisedBy})", $"未検証（@{h.RaisedBy}）"),
    };
}
