using System.Text.RegularExpressions;
using IncidentBot.Workflows.Incidents;
using IncidentBot.Workflows.Incidents.Events;
using IncidentBot.Workflows.Language;

namespace IncidentBot.Workflows.Chat;

/// <summary>
/// What a support engineer asks for first, found in what people wrote (seed 003): lines that are
/// evidence (log lines, command output, ping and traceroute results, error messages), quoted as
/// written with who and when, and the IAM users or roles that saw the error. Simple, explainable
/// rules: a code span or block, a known diagnostic command, an error word, a latency or loss figure.
/// </summary>
public static partial class SupportCaseEvidence
{
    /// <summary>Evidence lines, oldest first: "hh:mm @who: text", each cut to a readable length.</summary>
    public static IReadOnlyList<string> Quotes(IReadOnlyList<RecordedEvent> events, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(events);
        return [.. events
            .Select(e => e.Event switch
            {
                NoteAdded n => (n.OccurredAt, n.Actor, n.Text),
                ClaimEnded { Finding: { } f } c => (c.At, c.Actor, f),
                HypothesisTested h => (h.At, h.Actor, h.Evidence),
                RunbookStepAnswered { Note: { } note } r => (r.At, r.Actor, note),
                _ => (default(DateTimeOffset), "", ""),
            })
            .Where(x => x.Item3.Length > 0 && IsEvidence(x.Item3))
            .OrderBy(x => x.Item1)
            .Select(x => (Clock: Format.Clock(x.Item1, zone), Actor: x.Item2, Text: TextCut.Cut(x.Item3.Trim(), 600)))
            .Select(x => Say.T($"{x.Clock} @{x.Actor}: {x.Text}", $"{x.Clock} @{x.Actor}：{x.Text}"))
            .Distinct(StringComparer.Ordinal)];
    }

    public static bool IsEvidence(string text) => Evidence().IsMatch(text);

    /// <summary>IAM users, roles and assumed roles named in what people wrote (the identity that saw the error).</summary>
    public static IReadOnlyList<string> Identities(IEnumerable<string> texts) => IncidentTexts.Find(Identity(), texts);

    /// <summary>An ARN that names an identity, not a resource.</summary>
    public static bool IsIdentity(string arn) => Identity().IsMatch(arn);

    [GeneratedRegex(@"`|\b(?:ping|traceroute|tracert|mtr|dig|nslookup|curl|telnet|nc|openssl s_client|aws [a-z0-9-]+ [a-z0-9-]+)\b|\b(?:ERROR|Error|Exception|FATAL|Traceback|refused|timed out|timeout|denied|AccessDenied|Throttling)\b|\b\d+(?:\.\d+)?\s?ms\b|packet loss|\bHTTP/\d|\bstatus(?: code)? [45]\d\d\b|\b[45]\d\d (?:errors?|responses?)\b")]
    private static partial Regex Evidence();

    [GeneratedRegex(@"\barn:aws[a-z-]*:(?:iam::\d{12}:(?:user|role)/[^\s,]+|sts::\d{12}:assumed-role/[^\s,]+)")]
    private static partial Regex Identity();
}
