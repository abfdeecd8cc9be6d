using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using IncidentBot.Workflows.Chat;
using IncidentBot.Workflows.Incidents;

namespace IncidentBot.Chat.Slack;

/// <summary>Slack's text conventions in and out: mentions and links in message text, and channel names.</summary>
public static partial class SlackText
{
    /// <summary>
    /// Message text as people read it: <c>&lt;@U123|alice&gt;</c> → <c>@alice</c> (a bare <c>&lt;@U123&gt;</c>
    /// through <paramref name="name"/>), <c>&lt;#C1|room&gt;</c> → <c>#room</c>, <c>&lt;https://x|label&gt;</c> →
    /// the address, and Slack's &amp;amp; &amp;lt; &amp;gt; unescaped.
    /// </summary>
    public static string Readable(string text, Func<string, string?> name)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(name);
        var readable = Markup().Replace(text, m =>
        {
            var inner = m.Groups[1].Value;
            var bar = inner.IndexOf('|', StringComparison.Ordinal);
            var (target, label) = bar < 0 ? (inner, null) : (inner[..bar], inner[(bar + 1)..]);
            return target[0] switch
            {
                '@' => "@" + (label ?? name(target[1..]) ?? target[1..]),
                '#' => "#" + (label ?? target[1..]),
                '!' => "@" + (label ?? target[1..].Split('^')[0]),
                _ => target,
            };
        });
        return readable.Replace("&lt;", "<", StringComparison.Ordinal).Replace("&gt;", ">", StringComparison.Ordinal).Replace("&amp;", "&", StringComparison.Ordinal);
    }

    /// <summary>
    /// The words said to the bot: its mention removed wherever it is (<c>&lt;@UBOT&gt; sev1</c> → <c>sev1</c>);
    /// when the bot's id is not known yet, a leading mention.
    /// </summary>
    public static string WithoutMention(string text, string? botUser)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        var start = botUser is null ? (trimmed.StartsWith("<@", StringComparison.Ordinal) ? 0 : -1) : trimmed.IndexOf($"<@{botUser}", StringComparison.Ordinal);
        var end = start < 0 ? -1 : trimmed.IndexOf('>', start);
        return end < 0 ? trimmed : (trimmed[..start] + trimmed[(end + 1)..]).Replace("  ", " ", StringComparison.Ordinal).Trim();
    }

    /// <summary>
    /// A war room's name within Slack's rules (lowercase <c>[a-z0-9-_]</c>, at most 80 characters),
    /// as <see cref="RoomNames.Slug"/> makes it: <c>決済APIの遅延</c> becomes <c>inc-0042-payments-api-latency</c>.
    /// </summary>
    public static string ChannelName(IncidentId id, string title, IEnumerable<string> services, int attempt = 1) =>
        RoomNames.Slug(id, title, services, 80, attempt);

    [GeneratedRegex(@"<([@#!][^>]*|(?:https?|mailto):[^>]*)>")]
    private static partial Regex Markup();

}
