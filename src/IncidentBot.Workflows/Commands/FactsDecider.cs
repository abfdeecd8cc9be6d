using IncidentBot.Workflows.Chat;
using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Incidents.Events;

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
                    return Decision.Refuse(command.Usage($"`{value}` is not a time: write 12:05 or 2026-01-22T12:05+09:00."));
                }

                if (time > context.Now)
                {
                    return Decision.Refuse(command.Usage($"--{flag} {value} is in the future; say when users were affected so far, and --to once they are fine."));
                }

                set(time);
            }
        }

        if ((from ?? incident.ImpactFrom) is { } start && (to ?? incident.ImpactTo) is { } end && end < start)
        {
            return Decision.Refuse(command.Usage("The impact ends before it starts: --to comes after --from."));
        }

        if (none && (from is not null || to is not null))
        {
            return Decision.Refuse(command.Usage("`none` means users were not affected, so it takes no --from or --to."));
        }

        if (text.Length == 0 && from is null && to is null)
        {
            return Decision.Refuse(command.Usage("Say what users see, when (--from, --to), or `none`."));
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

        var window = none ? " Users were not affected." : incident.NoImpact && from is null && to is null ? " The earlier \"none\" no longer stands." : from is null && to is null ? "" : $" Users affected{(from is { } f ? " from " + Format.DateTime(f, context.Zone) : "")}{(to is { } t ? " to " + Format.DateTime(t, context.Zone) : "")}.";
        var ask = none ? ""
            : (from ?? incident.ImpactFrom) is null ? " When did it start for users? Add --from 12:05 (and --to once they are fine)."
            : (to ?? incident.ImpactTo) is null ? " Add --to once users are fine again." : "";
        events.AddRange(reopen);
        var back = reopen.Length > 0 ? " The postmortem shows it, so it is back in review." : "";
        return Decision.Record(IncidentDecider.Said($"Impact recorded by @{context.Actor}.{window}{ask}{back}"), [.. events]);
    }

    public static Decision DetectedBy(ParsedCommand command, CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(context);
        var source = command.Args.Count > 0 ? command.Args[0].Text.ToLowerInvariant() : "";
        if (!Incident.DetectionSources.Contains(source))
        {
            return Decision.Refuse(command.Usage($"Say who or what noticed it first: {string.Join(", ", Incident.DetectionSources)}."));
        }

        var how = command.JoinFrom(1);
        return Decision.Record(
            IncidentDecider.Said($"Detected by {source}{(how.Length == 0 ? "" : ": " + how)} (recorded by @{context.Actor})."),
            new DetectionRecorded { Actor = context.Actor, At = context.Now, Source = source, How = how.Length == 0 ? null : how });
    }
}
