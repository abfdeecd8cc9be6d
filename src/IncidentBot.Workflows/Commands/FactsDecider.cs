using IncidentBot.Workflows.Chat;
using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Incidents.Events;
using IncidentBot.Workflows.Language;
using IncidentBot.Workflows.Timeline;

namespace IncidentBot.Workflows.Commands;

/// <summary>
/// The facts the postmortem's verdict rests on, as people state them: what users saw and when
/// (<c>impact … --from … --to …</c>, or <c>impact none</c>), and how the incident was detected.
/// </summary>
public static class FactsDecider
{
    public static Decision Impact(Incident incident, ParsedCommand command, CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(context);
        var text = command.Rest;
        // "none" alone, or "none: why"; "None of the readers can load pages" is impact, not its absence.
        var first = command.Args.Count > 0 && !command.Args[0].Quoted ? command.Args[0].Text : "";
        var none = (first.Equals("none", StringComparison.OrdinalIgnoreCase) && command.Args.Count == 1) || first.Equals("none:", StringComparison.OrdinalIgnoreCase);
        DateTimeOffset? from = null, to = null;
        foreach (var (flag, set) in new (string, Action<DateTimeOffset>)[] { ("from", t => from = t), ("to", t => to = t) })
        {
            if (command.Flags.TryGetValue(flag, out var value))
            {
                if (!CommandTime.TryParse(value!, context.Now, context.Zone, out var time))
                {
                    return Decision.Refuse(command.Usage(Say.T($"`{value}` is not a time: write 12:05 or 2026-01-22T12:05+09:00.", $"`{value}` は時刻ではありません。12:05 か 2026-01-22T12:05+09:00 の形で書いてください。")));
                }

                if (time > context.Now)
                {
                    return Decision.Refuse(command.Usage(Say.T(
                        $"--{flag} {value} is in the future; say when users were affected so far, and --to once they are fine.",
                        $"--{flag} {value} は未来の時刻です。これまでにユーザーが影響を受けた時刻を書き、ユーザーが復旧したら --to を加えてください。")));
                }

                set(time);
            }
        }

        if ((from ?? incident.ImpactFrom) is { } start && (to ?? incident.ImpactTo) is { } end && end < start)
        {
            return Decision.Refuse(command.Usage(Say.T("The impact ends before it starts: --to comes after --from.", "影響の終わりが始まりより前になっています。--to には --from より後の時刻を指定してください。")));
        }

        if (none && (from is not null || to is not null))
        {
            return Decision.Refuse(command.Usage(Say.T("`none` means users were not affected, so it takes no --from or --to.", "`none` はユーザーへの影響がなかったことを表すため、--from や --to は指定できません。")));
        }

        if (text.Length == 0 && from is null && to is null)
        {
            return Decision.Refuse(command.Usage(Say.T("Say what users see, when (--from, --to), or `none`.", "ユーザーに何が起きているか、その期間（--from、--to）、または `none` を書いてください。")));
        }

        var (refusal, reopen) = PostmortemWriting.Changing(incident, context, "impact");
        if (refusal is not null)
        {
            return Decision.Refuse(refusal);
        }

        var events = new List<IncidentEvent>();
        if (text.Length > 0)
        {
            events.Add(new DetailChanged { Actor = context.Actor, At = context.Now, Detail = IncidentDetail.Impact, Value = text });
        }

        if (none || from is not null || to is not null || incident.NoImpact)
        {
            // New impact withdraws an earlier "none".
            events.Add(new ImpactWindowSet { Actor = context.Actor, At = context.Now, From = from, To = to, None = none });
        }

        var window = none ? Say.T(" Users were not affected.", "ユーザーへの影響はありませんでした。")
            : incident.NoImpact && from is null && to is null ? Say.T(" The earlier \"none\" no longer stands.", "以前の「影響なし」は取り消されました。")
            : from is null && to is null ? "" : Affected(from, to, context.Zone);
        var ask = none ? ""
            : (from ?? incident.ImpactFrom) is null ? Say.T(" When did it start for users? Add --from 12:05 (and --to once they are fine).", "ユーザーへの影響はいつ始まりましたか？--from 12:05 を加えてください（ユーザーが復旧したら --to も）。")
            : (to ?? incident.ImpactTo) is null ? Say.T(" Add --to once users are fine again.", "ユーザーが復旧したら --to を加えてください。") : "";
        events.AddRange(reopen);
        var back = reopen.Length > 0 ? Say.T(" The postmortem shows it, so it is back in review.", "ポストモーテムに載る内容のため、ポストモーテムをレビュー中に戻しました。") : "";
        return Decision.Record(IncidentDecider.Said(Say.T($"Impact recorded by @{context.Actor}.{window}{ask}{back}", $"@{context.Actor} が影響を記録しました。{window}{ask}{back}")), [.. events]);
    }

    /// <summary>When users were affected, as far as stated: from, to, or both.</summary>
    private static string Affected(DateTimeOffset? from, DateTimeOffset? to, TimeZoneInfo zone)
    {
        var start = from is { } f ? Format.DateTime(f, zone) : null;
        var end = to is { } t ? Format.DateTime(t, zone) : null;
        var span = (start, end) switch
        {
            ({ }, { }) => $"{start} から {end} まで",
            ({ }, null) => $"{start} から",
            _ => $"{end} まで",
        };
        return Say.T($" Users affected{(start is null ? "" : " from " + start)}{(end is null ? "" : " to " + end)}.", $"ユーザーへの影響期間：{span}。");
    }

    public static Decision DetectedBy(ParsedCommand command, CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(context);
        var source = command.Args.Count > 0 ? command.Args[0].Text.ToLowerInvariant() : "";
        if (!Incident.DetectionSources.Contains(source))
        {
            return Decision.Refuse(command.Usage(Say.T(
                $"Say who or what noticed it first: {string.Join(", ", Incident.DetectionSources)}.",
                $"最初に気づいたのは誰か、何かを指定してください：{string.Join("、", Incident.DetectionSources.Select(s => $"`{s}`"))}。")));
        }

        var how = command.JoinFrom(1);
        return Decision.Record(
            IncidentDecider.Said(Say.T(
                $"Detected by {source}{(how.Length == 0 ? "" : ": " + how)} (recorded by @{context.Actor}).",
                $"@{context.Actor} が検知経路を記録しました：{EventWords.Detection(source)}{(how.Length == 0 ? "" : $"（{how}）")}。")),
            new DetectionRecorded { Actor = context.Actor, At = context.Now, Source = source, How = how.Length == 0 ? null : how });
    }
}
