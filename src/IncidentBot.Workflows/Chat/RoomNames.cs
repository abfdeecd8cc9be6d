using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using IncidentBot.Workflows.Incidents;

namespace IncidentBot.Workflows.Chat;

/// <summary>Names for war rooms that read the same on every platform, in Latin letters whatever the title's script.</summary>
public static partial class RoomNames
{
    /// <summary>
    /// A war room's name every platform accepts (lowercase <c>[a-z0-9-]</c>, at most <paramref name="maxLength"/>
    /// characters): <c>inc-0042-</c> and the title's words. A title in another script keeps its Latin
    /// words and numbers, adds the English for common incident words (障害 → outage), then the services,
    /// so <c>決済APIの遅延</c> becomes <c>inc-0042-payments-api-latency</c>. A second attempt ends in <c>-2</c>.
    /// </summary>
    public static string Slug(IncidentId id, string title, IEnumerable<string> services, int maxLength, int attempt = 1)
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
            if (name.Length + 1 + word.Length + suffix.Length > maxLength)
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

    [GeneratedRegex(@"[a-z0-9]+")]
    private static partial Regex LatinWord();
}
