using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
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
    /// A war room's name within Slack's rules (lowercase <c>[a-z0-9-_]</c>, at most 80 characters):
    /// <c>inc-0042-</c> and the title's words. A title in another script keeps its Latin words and
    /// numbers, adds the English for common incident words (障害 → outage), then the services, so
    /// <c>決済APIの遅延</c> becomes <c>inc-0042-payments-api-latency</c>.
    /// </summary>
    public static string ChannelName(IncidentId id, string title, IEnumerable<string> services, int attempt = 1)
    {
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(services);
        var folded = title.Normalize(NormalizationForm.FormKC).ToLowerInvariant();
        var found = new List<(int At, int Length, string Word)>();
        foreach (Match word in LatinWord().Matches(Ascii(folded)))
        {
            found.Add((word.Index, word.Length, word.Value));
        }

        // Longest terms first, so ログイン is "login" and not "logs" + "in".
        foreach (var (term, english) in Glossary.OrderByDescending(g => g.Term.Length))
        {
            for (var at = folded.IndexOf(term, StringComparison.Ordinal); at >= 0; at = folded.IndexOf(term, at + term.Length, StringComparison.Ordinal))
            {
                if (!found.Any(f => at < f.At + f.Length && f.At < at + term.Length))
                {
                    found.Add((at, term.Length, english));
                }
            }
        }

        var words = found.OrderBy(f => f.At).Select(f => f.Word).Distinct().ToList();
        foreach (var service in services)
        {
            foreach (Match word in LatinWord().Matches(Ascii(service.ToLowerInvariant())))
            {
                if (!words.Contains(word.Value))
                {
                    words.Add(word.Value);
                }
            }
        }

        var prefix = $"inc-{id.Number:0000}";
        var suffix = attempt > 1 ? "-" + attempt.ToString(CultureInfo.InvariantCulture) : "";
        var name = new StringBuilder(prefix);
        foreach (var word in words)
        {
            if (name.Length + 1 + word.Length + suffix.Length > 80)
            {
                break;
            }

            name.Append('-').Append(word);
        }

        return name.Append(suffix).ToString();
    }

    /// <summary>Latin letters with their accents removed; everything else as it was.</summary>
    private static string Ascii(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    // Common words of Japanese incident titles, so a room's name still says what it is about.
    private static readonly (string Term, string English)[] Glossary =
    [
        ("障害", "outage"), ("停止", "down"), ("ダウン", "down"), ("遅延", "latency"), ("遅い", "slow"), ("タイムアウト", "timeout"),
        ("接続", "connection"), ("エラー", "errors"), ("失敗", "failure"), ("データベース", "database"), ("ログ", "logs"),
        ("欠損", "loss"), ("消失", "loss"), ("通知", "notification"), ("決済", "payments"), ("ログイン", "login"), ("認証", "auth"),
        ("キャッシュ", "cache"), ("メモリ", "memory"), ("ディスク", "disk"), ("容量", "capacity"), ("ネットワーク", "network"),
        ("リージョン", "region"), ("フェイルオーバー", "failover"), ("切り替え", "switchover"), ("証明書", "certificate"),
        ("配信", "delivery"), ("検索", "search"), ("注文", "orders"), ("メール", "email"), ("急増", "spike"), ("高負荷", "high-load"),
    ];

    [GeneratedRegex(@"<([@#!][^>]*|(?:https?|mailto):[^>]*)>")]
    private static partial Regex Markup();

    [GeneratedRegex(@"[a-z0-9]+")]
    private static partial Regex LatinWord();
}
