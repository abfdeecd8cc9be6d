using System.Globalization;
using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Lifecycle;

namespace IncidentBot.Workflows.Postmortems;

/// <summary>A fact at the head of the draft: a name and what is known (or that it is not).</summary>
public sealed record PostmortemFact(string Name, string Value);

/// <summary>
/// The facts a reader needs before the sections, as they were stated: services, when users were
/// affected, how it was detected (and the first alert), how recovery was verified, and what is
/// still unknown, with the command that answers it.
/// </summary>
public static class PostmortemHead
{
    public static IReadOnlyList<PostmortemFact> Of(Incident incident, PostmortemRequirement requirement, PostmortemOptions options)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(requirement);
        ArgumentNullException.ThrowIfNull(options);
        string T(string key, params object[] args) => PostmortemText.T(options.Locale, key, args);
        string Local(DateTimeOffset t) => TimeZoneInfo.ConvertTime(t, options.Zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        var facts = new List<PostmortemFact>
        {
            new(T("head.services"), incident.Services.Count == 0 ? "—" : PostmortemText.Comma(options.Locale, incident.Services)),
            new(T("head.impact-window"), incident.NoImpact ? T("head.no-impact")
                : incident.ImpactFrom is null && incident.ImpactTo is null ? "?"
                : $"{(incident.ImpactFrom is { } f ? Local(f) : "?")} – {(incident.ImpactTo is { } t ? Local(t) : "?")}"),
            new(T("head.detected-by"), PostmortemDetection.Text(incident, options) ?? "?"),
        };

        var verified = incident.Transitions.LastOrDefault(t => t.Trigger == Trigger.Verified);
        var passed = incident.Checks.Where(c => !c.Removed && c.Outcome == Verification.CheckOutcome.Passing).Select(c => $"#{c.Number} {c.Condition}").ToList();
        var removed = incident.Checks.Where(c => c.Removed).Select(c => $"#{c.Number} {c.Condition}").ToList();
        if (verified is not null)
        {
            var how = new List<string> { verified.Reason is { Length: > 0 } r ? T("item", "@" + verified.Actor, r) : "@" + verified.Actor };
            if (passed.Count > 0)
            {
                how.Add(PostmortemText.Comma(options.Locale, passed));
            }

            if (removed.Count > 0)
            {
                how.Add(T("head.removed", PostmortemText.Comma(options.Locale, removed)));
            }

            facts.Add(new(T("head.verified"), PostmortemText.Join(options.Locale, how)));
        }

        if (requirement.Unknown.Count > 0)
        {
            facts.Add(new(T("unknown"), PostmortemText.Join(options.Locale, requirement.Unknown)));
        }

        return facts;
    }
}
