using IncidentBot.Workflows.Chat;
using IncidentBot.Workflows.Claims;
using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Incidents.Events;
using IncidentBot.Workflows.Language;

namespace IncidentBot.Workflows.Commands;

/// <summary>Decides the work of the room: claims on the board, hypotheses, notes and corrections.</summary>
public static class WorkDecider
{
    public static Decision Decide(Incident incident, ParsedCommand command, CommandContext context) => command.Verb.Name switch
    {
        "claim" => Claim(incident, command, context),
        "release" => EndClaim(incident, command, context, ClaimOutcome.Released),
        "done" => EndClaim(incident, command, context, ClaimOutcome.Done),
        "hypothesis" => Hypothesis(incident, command, context),
        "note" => Note(incident, command, context),
        "correct" => Correct(incident, command, context),
        _ => throw new InvalidOperationException($"No decision for verb '{command.Verb.Name}'."),
    };

    private static Decision Claim(Incident incident, ParsedCommand command, CommandContext context)
    {
        var what = command.Rest;
        if (what.Length == 0)
        {
            return Decision.Refuse(command.Usage(Say.T("Say what you will do.", "何をするかを書いてください。")));
        }

        var held = incident.Claims.FirstOrDefault(c => c.IsOpen && WorkSimilarity.IsSameWork(c.What, what));
        if (held is not null)
        {
            var since = Format.Clock(held.Since, context.Zone);
            return string.Equals(held.Owner, context.Actor, StringComparison.OrdinalIgnoreCase)
                ? Decision.Refuse(new Refusal(
                    Say.T(
                        $"You already hold this work as #{held.Number} \"{held.What}\" since {since}.",
                        $"この作業は {since} から、あなたが担当作業 #{held.Number}「{held.What}」として担当しています。"),
                    $"/incident done #{held.Number} <what you found>"))
                : Decision.Refuse(new Refusal(
                    Say.T(
                        $"@{held.Owner} has been doing this since {since}: #{held.Number} \"{held.What}\". Talk to them, or take other work.",
                        $"@{held.Owner} が {since} からこの作業を担当しています：#{held.Number}「{held.What}」。本人と相談するか、別の作業を担当してください。"),
                    "/incident claim <other work>", $"/incident role investigator me {incident.Id}"));
        }

        var number = incident.Claims.Count + 1;
        return Decision.Record(
            IncidentDecider.Said(Say.T($"@{context.Actor} claimed #{number}: {what}", $"@{context.Actor} が担当作業 #{number} を引き受けました：{what}")),
            new WorkClaimed { Actor = context.Actor, At = context.Now, Claim = number, What = what });
    }

    private static Decision EndClaim(Incident incident, ParsedCommand command, CommandContext context, ClaimOutcome outcome)
    {
        var (claim, refusal) = PickClaim(incident, command, context);
        if (refusal is not null)
        {
            return Decision.Refuse(refusal);
        }

        var isOwner = string.Equals(claim!.Owner, context.Actor, StringComparison.OrdinalIgnoreCase);
        var isCommander = string.Equals(incident.Commander, context.Actor, StringComparison.OrdinalIgnoreCase);
        if (!isOwner && !isCommander)
        {
            return Decision.Refuse(new Refusal(
                Say.T(
                    $"#{claim.Number} is @{claim.Owner}'s; only they or the commander can end it.",
                    $"担当作業 #{claim.Number} は @{claim.Owner} のものです。終えられるのは本人かインシデントコマンダーだけです。"),
                "/incident claim <other work>"));
        }

        var finding = command.JoinFrom(NumberGiven(command) ? 1 : 0);
        if (outcome == ClaimOutcome.Done && finding.Length == 0)
        {
            return Decision.Refuse(command.Usage(Say.T($"Say what #{claim.Number} found; the finding goes into the postmortem.", $"担当作業 #{claim.Number} の調査結果を書いてください。調査結果はポストモーテムに載ります。")));
        }

        var text = outcome == ClaimOutcome.Done
            ? Say.T($"@{context.Actor} finished #{claim.Number} {claim.What}: {finding}", $"@{context.Actor} が担当作業 #{claim.Number}「{claim.What}」を終えました：{finding}")
            : Say.T($"@{context.Actor} released #{claim.Number} {claim.What}; it is free to claim.", $"@{context.Actor} が担当作業 #{claim.Number}「{claim.What}」を手放しました。ほかの人が引き受けられます。");
        return Decision.Record(
            IncidentDecider.Said(text),
            new ClaimEnded { Actor = context.Actor, At = context.Now, Claim = claim.Number, Outcome = outcome, Finding = finding.Length == 0 ? null : finding });
    }

    private static (Claim?, Refusal?) PickClaim(Incident incident, ParsedCommand command, CommandContext context)
    {
        if (NumberGiven(command))
        {
            var number = Number(command.Args[0].Text)!.Value;
            var claim = incident.Claims.FirstOrDefault(c => c.Number == number);
            return claim switch
            {
                null => (null, new Refusal(Say.T($"{incident.Id} has no claim #{number}.", $"{incident.Id} に担当作業 #{number} はありません。"), "/incident status")),
                { IsOpen: false } => (null, new Refusal(
                    Say.T(
                        $"#{number} is already {claim.Outcome!.Value.ToString().ToLowerInvariant()}.",
                        $"担当作業 #{number} はすでに{(claim.Outcome == ClaimOutcome.Done ? "終わっています" : "手放されています")}。"),
                    "/incident status")),
                _ => (claim, null),
            };
        }

        var mine = incident.Claims.Where(c => c.IsOpen && string.Equals(c.Owner, context.Actor, StringComparison.OrdinalIgnoreCase)).ToList();
        return mine.Count switch
        {
            1 => (mine[0], null),
            0 => (null, new Refusal(Say.T($"You hold no work on {incident.Id}.", $"{incident.Id} であなたが担当している作業はありません。"), "/incident claim <what you will do>")),
            _ => (null, new Refusal(
                Say.T(
                    $"You hold {mine.Count} claims ({string.Join(", ", mine.Select(c => $"#{c.Number} {c.What}"))}); say which.",
                    $"あなたは {mine.Count} 件の作業を担当しています（{string.Join("、", mine.Select(c => $"#{c.Number}「{c.What}」"))}）。どれかを指定してください。"),
                $"/incident {command.Verb.Name} #{mine[0].Number}")),
        };
    }

    // Claims are named "#3": a bare number may start the finding ("3 nodes restarted").
    private static bool NumberGiven(ParsedCommand command) =>
        command.Args.Count > 0 && !command.Args[0].Quoted && command.Args[0].Text.StartsWith('#') && Number(command.Args[0].Text) is not null;

    private static int? Number(string word) =>
        int.TryParse(word.TrimStart('#'), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : null;

    private static Decision Hypothesis(Incident incident, ParsedCommand command, CommandContext context)
    {
        if (command.Args.Count == 0)
        {
            return Decision.Answer(IncidentDecider.Aside(incident.Hypotheses.Count == 0
                ? Say.T("No hypotheses yet: `/incident hypothesis <what might be wrong>`.", "まだ仮説はありません：`/incident hypothesis <what might be wrong>`。")
                : string.Join("\n", incident.Hypotheses.Select(h => Say.T(
                    $"#{h.Number} {h.Text}: {h.Verdict}{(h.Evidence is null ? "" : " — " + h.Evidence)}",
                    $"#{h.Number} {h.Text}：{Verdict(h.Verdict)}{(h.Evidence is null ? "" : " — " + h.Evidence)}")))));
        }

        var verdict = command.Args[0].Quoted ? null : command.Args[0].Text.ToLowerInvariant() switch
        {
            "confirm" or "confirmed" => HypothesisVerdict.Confirmed,
            "rule-out" or "ruleout" or "ruled-out" or "reject" => HypothesisVerdict.RuledOut,
            "reopen" => HypothesisVerdict.Open,
            _ => (HypothesisVerdict?)null,
        };
        if (verdict is null)
        {
            var number = incident.Hypotheses.Count + 1;
            return Decision.Record(
                IncidentDecider.Said(Say.T($"Hypothesis #{number} by @{context.Actor}: {command.Rest}", $"@{context.Actor} が仮説 #{number} を立てました：{command.Rest}")),
                new HypothesisRaised { Actor = context.Actor, At = context.Now, Hypothesis = number, Text = command.Rest });
        }

        var target = command.Args.Count > 1 ? Number(command.Args[1].Text) : null;
        var hypothesis = incident.Hypotheses.FirstOrDefault(h => h.Number == target);
        var evidence = command.JoinFrom(2);
        if (hypothesis is null || evidence.Length == 0)
        {
            var problem = hypothesis is null
                ? Say.T(
                    $"Name the hypothesis by number ({string.Join(", ", incident.Hypotheses.Select(h => $"#{h.Number}"))}).",
                    $"仮説を番号で指定してください（{string.Join("、", incident.Hypotheses.Select(h => $"#{h.Number}"))}）。")
                : Say.T("Give the evidence, so the postmortem can say why.", "根拠を書いてください。ポストモーテムで理由を説明できるようにします。");
            return Decision.Refuse(command.Usage(incident.Hypotheses.Count == 0 ? Say.T($"{incident.Id} has no hypotheses yet.", $"{incident.Id} にはまだ仮説がありません。") : problem));
        }

        return Decision.Record(
            IncidentDecider.Said(Say.T(
                $"@{context.Actor}: hypothesis #{hypothesis.Number} \"{hypothesis.Text}\" {Judged(verdict.Value)}: {evidence}",
                $"@{context.Actor} が仮説 #{hypothesis.Number}「{hypothesis.Text}」を{Judged(verdict.Value)}：{evidence}")),
            new HypothesisTested { Actor = context.Actor, At = context.Now, Hypothesis = hypothesis.Number, Verdict = verdict.Value, Evidence = evidence });
    }

    // The verdict as the sentence says it: "… confirmed: …", 「…」を裏付けありとしました.
    private static string Judged(HypothesisVerdict verdict) => verdict switch
    {
        HypothesisVerdict.Confirmed => Say.T("confirmed", "裏付けありとしました"),
        HypothesisVerdict.RuledOut => Say.T("ruled out", "否定しました"),
        _ => Say.T("reopened", "未検証に戻しました"),
    };

    // The verdict in a Japanese hypothesis list (the English one shows the enum's name).
    private static string Verdict(HypothesisVerdict verdict) => verdict switch
    {
        HypothesisVerdict.Confirmed => "裏付けあり",
        HypothesisVerdict.RuledOut => "否定",
        _ => "未検証",
    };

    private static Decision Note(Incident incident, ParsedCommand command, CommandContext context)
    {
        var text = command.Rest;
        if (text.Length == 0)
        {
            return Decision.Refuse(command.Usage(Say.T("The note is empty.", "メモが空です。")));
        }

        var occurred = context.Now;
        var backdated = false;
        if (command.Flags.TryGetValue("at", out var at))
        {
            if (!CommandTime.TryParse(at!, context.Now, context.Zone, out occurred))
            {
                return Decision.Refuse(command.Usage(Say.T($"`{at}` is not a time: write 12:22 or 2026-01-22T12:22+09:00.", $"`{at}` は時刻ではありません。12:22 か 2026-01-22T12:22+09:00 の形で書いてください。")));
            }

            if (occurred > context.Now)
            {
                return Decision.Refuse(command.Usage(Say.T(
                    $"{Format.DateTime(occurred, context.Zone)} is in the future; notes record what already happened.",
                    $"{Format.DateTime(occurred, context.Zone)} は未来の時刻です。メモには、すでに起きたことを記録します。")));
            }

            backdated = true;
        }

        var backdatedTo = Format.DateTime(occurred, context.Zone);
        var noted = backdated ? Say.T($"Noted (backdated to {backdatedTo}).", $"メモしました（{backdatedTo} の出来事として記録）。") : Say.T("Noted.", "メモしました。");
        return Decision.Record(
            incident => IncidentDecider.Aside(noted)(incident) with { Receipt = !backdated }, // how a backdate was read is news
            new NoteAdded { Actor = context.Actor, At = context.Now, Text = text, OccurredAt = occurred, Backdated = backdated });
    }

    private static Decision Correct(Incident incident, ParsedCommand command, CommandContext context)
    {
        var entry = command.Args.Count > 0 ? Number(command.Args[0].Text) : null;
        var text = command.JoinFrom(1);
        if (entry is null || text.Length == 0)
        {
            return Decision.Refuse(command.Usage(Say.T(
                "Name the timeline entry by its number (see `/incident timeline`) and give the corrected text.",
                "タイムラインの項目を番号で指定し（`/incident timeline` で確認できます）、訂正後の文を書いてください。")));
        }

        if (entry > incident.Version)
        {
            return Decision.Refuse(new Refusal(
                Say.T($"{incident.Id} has no timeline entry #{entry}; it has {incident.Version}.", $"{incident.Id} のタイムラインに項目 #{entry} はありません。項目は {incident.Version} 件です。"),
                $"/incident timeline {incident.Id}"));
        }

        return Decision.Record(
            IncidentDecider.Said(Say.T($"@{context.Actor} corrected entry #{entry}: {text}", $"@{context.Actor} が項目 #{entry} を訂正しました：{text}")),
            new EntryCorrected { Actor = context.Actor, At = context.Now, Supersedes = entry.Value, Text = text });
    }
}
